import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'

/** Every file under `dir` (node_modules aside), relative to it. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((path) => !path.split(/[\\/]/).includes('node_modules'))
    .filter((path) => statSync(join(dir, path)).isFile())
    .sort()
}

const digest = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex')

/**
 * Pristine files of an exercise (its tests, starter and metadata) that differ in, or are missing
 * from, a learner's checkout. Grading always uses the grader's own copies, so a changed test cannot
 * change a grade; this list tells the mentor that someone tried.
 */
export function tamperedFiles(pristineRoot: string, repo: string, slug: string): string[] {
  const pristine = join(pristineRoot, 'exercises', slug)
  return filesUnder(pristine)
    .map((path) => ({ path, theirs: join(repo, 'exercises', slug, path) }))
    .filter(({ path, theirs }) => !existsSync(theirs) || digest(theirs) !== digest(join(pristine, path)))
    .map(({ path }) => relative(pristineRoot, join(pristine, path)))
}

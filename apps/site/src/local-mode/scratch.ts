import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { findRoot } from '@workbook/curriculum'

/** The workbook this site belongs to. */
export const repoRoot = findRoot(fileURLToPath(new URL('.', import.meta.url)))

/**
 * A scratch workbook for tests: exercise 01 only (symlinked from the repository, so its tests and
 * solution are the real ones), with its own practice/ and .workbook/. It lives inside the repository,
 * where the learner's copy still resolves express from the root node_modules; `.scratch-*` folders
 * are git-ignored. Never the learner's own files.
 */
export function makeScratchWorkbook(dir: string, slug = '01-http-basics'): string {
  rmSync(dir, { recursive: true, force: true })
  for (const folder of ['exercises', 'solutions']) {
    mkdirSync(join(dir, folder), { recursive: true })
    symlinkSync(join(repoRoot, folder, slug), join(dir, folder, slug))
  }
  // findRoot's marker of a workbook root.
  writeFileSync(join(dir, 'turbo.json'), '{}\n')
  return dir
}

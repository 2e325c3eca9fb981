import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { z } from 'zod'
import { ExerciseMeta } from './exercise.ts'

/** An exercise as the tools see it: its metadata plus what its folder name says. */
export interface Exercise extends ExerciseMeta {
  /** Folder name, e.g. "01-http-basics"; the id used everywhere. */
  slug: string
  /** Position in the sequence, from the folder name. */
  number: number
}

/** Metadata that cannot be used, with a message that names the file and the field. */
export class CurriculumError extends Error {
  override name = 'CurriculumError'
}

const slugPattern = /^(\d{2})-[a-z0-9]+(?:-[a-z0-9]+)*$/

/** The workbook root: the nearest folder above `from` that holds `exercises/` and `turbo.json`. */
export function findRoot(from: string = process.cwd()): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'exercises')) && existsSync(join(dir, 'turbo.json'))) return dir
    if (dirname(dir) === dir) {
      throw new CurriculumError(
        `no workbook found in ${from} or above it: run this inside your clone of the workbook`,
      )
    }
  }
}

/** Turns a zod error into "file: field: problem" lines a person can act on. */
export function describeIssues(file: string, error: z.ZodError): string {
  const lines = error.issues.map((issue) => {
    const field = issue.path.length > 0 ? z.core.toDotPath(issue.path) : '(top level)'
    return `  ${field}: ${issue.message}`
  })
  return `${file} is invalid:\n${lines.join('\n')}`
}

/** Parses a JSON file, or fails with a message that names it (`shown`) and says what is wrong. */
export function readJson(file: string, shown: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'))
  } catch (error) {
    const why = error instanceof SyntaxError ? `is not valid JSON (${error.message})` : 'cannot be read'
    throw new CurriculumError(`${shown} ${why}`)
  }
}

/** Reads and validates one `exercise.json`. */
export function loadExercise(root: string, slug: string): Exercise {
  const file = join(root, 'exercises', slug, 'exercise.json')
  const shown = relative(root, file)
  const match = slugPattern.exec(slug)
  if (!match) {
    throw new CurriculumError(`exercises/${slug}: folder names are NN-lower-kebab-case, e.g. 01-http-basics`)
  }
  const parsed = ExerciseMeta.safeParse(readJson(file, shown))
  if (!parsed.success) throw new CurriculumError(describeIssues(shown, parsed.error))

  const ids = parsed.data.steps.map((step) => step.id)
  const repeated = ids.find((id, index) => ids.indexOf(id) !== index)
  if (repeated) throw new CurriculumError(`${shown} is invalid:\n  steps: the id "${repeated}" is used twice`)

  return { ...parsed.data, slug, number: Number(match[1]) }
}

/**
 * Every exercise that loads, in sequence, and a problem for each that does not, so that one broken
 * exercise.json does not stop work on the others.
 */
export function scanExercises(root: string = findRoot()): { exercises: Exercise[]; problems: CurriculumError[] } {
  const folder = join(root, 'exercises')
  const slugs = readdirSync(folder)
    .filter((name) => statSync(join(folder, name)).isDirectory())
    .sort()
  const exercises: Exercise[] = []
  const problems: CurriculumError[] = []
  for (const slug of slugs) {
    try {
      exercises.push(loadExercise(root, slug))
    } catch (error) {
      if (!(error instanceof CurriculumError)) throw error
      problems.push(error)
    }
  }

  const known = new Set(slugs)
  for (const exercise of exercises) {
    for (const prerequisite of exercise.prerequisites) {
      if (!known.has(prerequisite)) {
        problems.push(
          new CurriculumError(`exercises/${exercise.slug}/exercise.json is invalid:\n  prerequisites: no exercise is called "${prerequisite}"`),
        )
      }
    }
  }
  const numbers = exercises.map((exercise) => exercise.number)
  const clash = exercises.find((exercise, index) => numbers.indexOf(exercise.number) !== index)
  if (clash) problems.push(new CurriculumError(`exercises/${clash.slug}: another exercise already has the number ${clash.number}`))
  return { exercises, problems }
}

/** Every exercise in the workbook, in sequence, validated and cross-checked; throws on the first problem. */
export function loadExercises(root: string = findRoot()): Exercise[] {
  const { exercises, problems } = scanExercises(root)
  if (problems[0]) throw problems[0]
  return exercises
}

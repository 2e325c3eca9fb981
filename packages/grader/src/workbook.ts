import { cpSync, existsSync } from 'node:fs'
import { isAbsolute, join, relative } from 'node:path'
import { CurriculumError, findRoot, scanExercises, type Exercise } from '@workbook/curriculum'
import { updateProgress } from './progress.ts'
import type { Target } from './result.ts'
import { UsageError } from './usage.ts'

/** The workbook the grader works on: where it is and what exercises it has. */
export interface Workbook {
  root: string
  /** The exercises whose metadata is valid. */
  exercises: Exercise[]
  /** Why the others are not: reported by `list` and `verify`, and by any command that names one. */
  problems: CurriculumError[]
}

/** `path` as people read it from `from`: relative when it lies inside, absolute when it does not. */
export function shownPath(from: string, path: string): string {
  const inside = relative(from, path)
  return inside.startsWith('..') || isAbsolute(inside) ? path : inside
}

export function openWorkbook(from?: string): Workbook {
  const root = findRoot(from)
  return { root, ...scanExercises(root) }
}

/** Where each target's source tree of an exercise lives. */
export function srcDir(workbook: Workbook, exercise: Exercise, target: Target, repo = workbook.root): string {
  switch (target) {
    case 'practice':
      return join(repo, 'practice', exercise.slug, 'src')
    case 'starter':
      return join(workbook.root, 'exercises', exercise.slug, 'src')
    case 'solution':
      return join(workbook.root, 'solutions', exercise.slug, 'src')
  }
}

export const exerciseDir = (workbook: Workbook, exercise: Exercise) => join(workbook.root, 'exercises', exercise.slug)

export const practiceDir = (workbook: Workbook, exercise: Exercise) => join(workbook.root, 'practice', exercise.slug)

export const hasStarted = (workbook: Workbook, exercise: Exercise) => existsSync(practiceDir(workbook, exercise))

/** Makes the learner's copy of the starter, unless there is one: returns false when it already existed. */
export function startExercise(workbook: Workbook, exercise: Exercise): boolean {
  if (hasStarted(workbook, exercise)) return false
  const copy = (path: string) =>
    cpSync(join(exerciseDir(workbook, exercise), path), join(practiceDir(workbook, exercise), path), { recursive: true, errorOnExist: true, force: false })
  copy('src')
  // Worksheets the learner fills in (e.g. a threat model) live beside src/.
  for (const file of exercise.files.filter((path) => !path.startsWith('src/'))) copy(file)
  updateProgress(workbook.root, exercise.slug, (entry) => {
    entry.startedAt = new Date().toISOString()
  })
  return true
}

/** The number as learners type it: "01". */
export const shortName = (exercise: Exercise) => String(exercise.number).padStart(2, '0')

/** The lesson's address on the local site (`npm start`). */
export const lessonUrl = (exercise: Exercise) => `http://localhost:4321/lessons/${exercise.slug}/`

/**
 * Finds an exercise by slug ("01-http-basics"), number ("1", "01"), name ("http-basics") or a
 * unique prefix of either; otherwise fails with the closest names as suggestions.
 */
export function findExercise(workbook: Workbook, query: string): Exercise {
  const wanted = query.trim().toLowerCase()
  const name = (exercise: Exercise) => exercise.slug.slice(3)
  const broken = workbook.problems.find((problem) => {
    const slug = /exercises\/([^/]+)/.exec(problem.message)?.[1] ?? ''
    return slug === wanted || slug.slice(3) === wanted || (/^\d+$/.test(wanted) && Number(slug.slice(0, 2)) === Number(wanted))
  })
  if (broken) throw broken
  const exact = workbook.exercises.find(
    (exercise) =>
      exercise.slug === wanted || name(exercise) === wanted || (/^\d+$/.test(wanted) && exercise.number === Number(wanted)),
  )
  if (exact) return exact
  const prefixed = workbook.exercises.filter(
    (exercise) => wanted.length > 0 && (exercise.slug.startsWith(wanted) || name(exercise).startsWith(wanted)),
  )
  if (prefixed.length === 1) return prefixed[0]!
  if (prefixed.length > 1) {
    throw new UsageError(`'${query}' matches several exercises: ${prefixed.map((e) => e.slug).join(', ')}. Type more of the name.`)
  }
  const suggestions = workbook.exercises
    .map((exercise) => ({ exercise, distance: Math.min(distance(wanted, exercise.slug), distance(wanted, name(exercise))) }))
    .filter(({ distance }) => distance <= Math.max(2, Math.floor(wanted.length / 3)))
    .sort((a, b) => a.distance - b.distance)
    .slice(0, 3)
    .map(({ exercise }) => exercise.slug)
  const hint = suggestions.length > 0 ? ` Did you mean ${suggestions.map((s) => `'${s}'`).join(' or ')}?` : ''
  throw new UsageError(`unknown exercise '${query}'.${hint} Run \`npx workbook list\` to see them all.`)
}

/** Levenshtein distance: how many single-letter edits turn one name into the other. */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1))
    }
    previous = current
  }
  return previous[b.length]!
}

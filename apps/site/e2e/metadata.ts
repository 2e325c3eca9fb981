import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { findRoot, loadExercises, type Exercise } from '@workbook/curriculum'

/** The same metadata the site is built from, so the tests check the pages against it. */
export const exercises: Exercise[] = loadExercises(findRoot(fileURLToPath(new URL('.', import.meta.url))))

export const nn = (exercise: Exercise) => String(exercise.number).padStart(2, '0')

export function hasLesson(exercise: Exercise): boolean {
  return existsSync(fileURLToPath(new URL(`../src/content/docs/lessons/${exercise.slug}.mdx`, import.meta.url)))
}

export const lessonPath = (exercise: Exercise) => `/lessons/${exercise.slug}/`

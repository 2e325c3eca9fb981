import { dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { getCollection } from 'astro:content'
import { Assignment, findRoot, type Exercise } from '@workbook/curriculum'
import { exerciseBySlug, href } from './exercises.ts'

/** The workbook root, for pages that show a file of the repository as it is. */
export const workbookRoot = findRoot(dirname(fileURLToPath(import.meta.url)))

export interface AssignmentPage {
  /** File name without `.json`: the page's URL segment. */
  id: string
  /** As the grader is given it, relative to the workbook root. */
  file: string
  assignment: Assignment
  /** The assigned exercises in order, each with its weight and share of the score. */
  exercises: { exercise: Exercise; weight: number; share: number }[]
  /** Sum of the exercises' estimated minutes. */
  minutes: number
}

/** Every assignment, by file name. */
export async function allAssignments(): Promise<AssignmentPage[]> {
  const entries = await getCollection('assignments')
  const pages = await Promise.all(
    entries.map(async (entry) => {
      const assignment = entry.data as Assignment
      const file = `assignments/${entry.id}.json`
      const total = assignment.exercises.reduce((sum, item) => sum + item.weight, 0)
      const exercises = await Promise.all(
        assignment.exercises.map(async (item) => ({ exercise: await exerciseBySlug(item.exercise, file), weight: item.weight, share: item.weight / total })),
      )
      return { id: entry.id, file, assignment, exercises, minutes: exercises.reduce((sum, item) => sum + item.exercise.minutes, 0) }
    }),
  )
  return pages.sort((a, b) => a.id.localeCompare(b.id))
}

export const assignmentHref = (id: string) => href(`mentors/assignments/${id}/`)

/** What an assignment file may leave out, as the grader fills it in. */
export const assignmentDefaults = Assignment.parse({ title: 'defaults', exercises: [{ exercise: '00-defaults' }] })

/** "2 h 15 min", "45 min". */
export function duration(minutes: number): string {
  const hours = Math.floor(minutes / 60)
  const rest = minutes % 60
  return [hours ? `${hours} h` : '', rest ? `${rest} min` : ''].filter(Boolean).join(' ') || '0 min'
}

export const percent = (share: number) => `${Math.round(share * 100)}%`

/** "18 December 2026", for a full-date as the assignment stores it. */
export function longDate(isoDate: string): string {
  return new Date(`${isoDate}T00:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' })
}

import { z } from 'zod'
import { CurriculumError, describeIssues, readJson, type Exercise } from './load.ts'

/** One exercise of an assignment and how much it counts. */
export const AssignedExercise = z.strictObject({
  /** Exercise slug, e.g. "02-resource-crud". */
  exercise: z.string().regex(/^\d{2}-[a-z0-9-]+$/, 'use an exercise slug, e.g. "01-http-basics"'),
  /** Relative weight in the total score; defaults to 1. */
  weight: z.number().positive().default(1),
})

/** `assignments/*.json`: what a mentor assigns and how it is graded. */
export const Assignment = z.strictObject({
  /** Points editors at the generated JSON Schema; ignored otherwise. */
  $schema: z.string().optional(),
  /** Shown at the top of every report. */
  title: z.string().min(1),
  /** What the learner should be able to do afterwards; shown on the mentor page. */
  description: z.string().optional(),
  /** The exercises, in the order to do them. */
  exercises: z.array(AssignedExercise).min(1),
  /** Share of the weighted score needed to pass, from 0 to 1; defaults to 0.7. */
  passThreshold: z.number().min(0).max(1).default(0.7),
  /** Due date (RFC 3339 full-date), shown in reports. */
  due: z.iso.date().optional(),
})

export type Assignment = z.output<typeof Assignment>

/** Reads and validates an assignment file; every exercise it names must exist. */
export function loadAssignment(file: string, exercises: Exercise[], shown = file): Assignment {
  const parsed = Assignment.safeParse(readJson(file, shown))
  if (!parsed.success) throw new CurriculumError(describeIssues(shown, parsed.error))
  const known = new Set(exercises.map((exercise) => exercise.slug))
  parsed.data.exercises.forEach(({ exercise }, index) => {
    if (!known.has(exercise)) {
      throw new CurriculumError(`${shown} is invalid:\n  exercises[${index}].exercise: no exercise is called "${exercise}"`)
    }
  })
  return parsed.data
}

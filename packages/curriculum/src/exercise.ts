import { z } from 'zod'
import { skillIds } from './skills.ts'

const kebab = /^[a-z0-9]+(?:-[a-z0-9]+)*$/

/** One step of an exercise: a group of tests (a top-level `describe` named by `id`) and its hints. */
export const Step = z.strictObject({
  /** Kebab-case id; the test file's top-level `describe` carries exactly this name. */
  id: z.string().regex(kebab, 'use lower-kebab-case, e.g. "not-found"'),
  /** What the learner achieves in this step, as a short imperative sentence. */
  title: z.string().min(1),
  /** Hints in increasing detail: the first nudges, the last all but gives the answer. */
  hints: z.array(z.string().min(1, 'a hint may not be empty')).min(1, 'give at least one hint'),
})

/** A standard the exercise teaches, cited in its lesson and test names. */
export const Standard = z.strictObject({
  /** How it is cited, e.g. "RFC 9110 §15.5.5 (404 Not Found)". */
  name: z.string().min(1),
  /** Where to read it. */
  url: z.url(),
})

/** `exercises/NN-slug/exercise.json`: everything the grader and the site know about an exercise. */
export const ExerciseMeta = z.strictObject({
  /** Points editors at the generated JSON Schema; ignored otherwise. */
  $schema: z.string().optional(),
  /** Title as shown in lists and reports. */
  title: z.string().min(1),
  /** One or two sentences: what the learner builds. */
  summary: z.string().min(1),
  /** Skills of the job this exercise trains (ids from CURRICULUM.md). */
  skills: z.array(z.enum(skillIds)).min(1),
  /** How hard the exercise is for someone who has done the ones before it. */
  difficulty: z.enum(['beginner', 'intermediate', 'advanced']),
  /** Slugs of exercises to finish first. */
  prerequisites: z.array(z.string().regex(/^\d{2}-[a-z0-9-]+$/, 'use an exercise slug, e.g. "01-http-basics"')),
  /** Estimated time to finish, lesson included, in minutes. */
  minutes: z.int().positive(),
  /**
   * Files the learner edits, relative to the exercise folder: code under src/ (e.g. "src/app.ts"),
   * or a worksheet beside it (e.g. "THREAT-MODEL.md"). `workbook start` copies src/ and worksheets.
   */
  files: z
    .array(z.string().regex(/^(src\/[^/].*\.ts|[A-Za-z0-9-]+\.md)$/, 'list files under src/ (e.g. "src/app.ts") or a worksheet (e.g. "THREAT-MODEL.md")'))
    .min(1),
  /** The steps, in the order the learner does them. */
  steps: z.array(Step).min(1),
  /** Standards taught, with links. */
  standards: z.array(Standard),
})

export type Step = z.output<typeof Step>
export type Standard = z.output<typeof Standard>
export type ExerciseMeta = z.output<typeof ExerciseMeta>

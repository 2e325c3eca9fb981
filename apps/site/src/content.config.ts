import { dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { defineCollection, reference } from 'astro:content'
import { z } from 'astro/zod'
import { docsLoader } from '@astrojs/starlight/loaders'
import { docsSchema } from '@astrojs/starlight/schema'
import { findRoot } from '@workbook/curriculum'
import { assignmentLoader } from './assignment-loader.ts'
import { exerciseLoader } from './exercise-loader.ts'

/** The workbook root, found from this file so the build works from any working directory. */
const root = findRoot(dirname(fileURLToPath(import.meta.url)))

export const collections = {
  docs: defineCollection({
    loader: docsLoader(),
    schema: docsSchema({
      extend: z.object({
        /** The exercise a lesson teaches; everything about it is read from its exercise.json. */
        exercise: reference('exercises').optional(),
      }),
    }),
  }),
  /**
   * No schema here: @workbook/curriculum has already validated the metadata, and `src/exercises.ts`
   * gives it the curriculum's `Exercise` type.
   */
  exercises: defineCollection({ loader: exerciseLoader(root) }),
  /** `assignments/*.json`, validated by @workbook/curriculum like the exercises; see `src/assignments.ts`. */
  assignments: defineCollection({ loader: assignmentLoader(root) }),
}

import { z } from 'zod'
import { Assignment } from './assignment.ts'
import { ExerciseMeta } from './exercise.ts'

/** JSON Schemas for editors, generated from the zod schemas so they cannot drift; by file name. */
export function jsonSchemas(): Record<string, string> {
  const render = (schema: z.ZodType) => `${JSON.stringify(z.toJSONSchema(schema, { io: 'input' }), null, 2)}\n`
  return { 'exercise.schema.json': render(ExerciseMeta), 'assignment.schema.json': render(Assignment) }
}

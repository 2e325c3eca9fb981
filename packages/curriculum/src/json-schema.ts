import { z } from 'zod'
import { ExerciseMeta } from './exercise.ts'

/** JSON Schema of exercise.json, for editors; generated from the zod schema so it cannot drift. */
export function exerciseJsonSchema(): string {
  return `${JSON.stringify(z.toJSONSchema(ExerciseMeta, { io: 'input' }), null, 2)}\n`
}

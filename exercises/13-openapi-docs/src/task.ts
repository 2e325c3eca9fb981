import { z } from 'zod'

// The schemas below are the single source of the contract: the handlers validate with them and
// src/openapi.ts generates the OpenAPI document from them. `.meta({ id })` names a schema, so the
// document holds it once under components/schemas and every use is a $ref (OpenAPI 3.1, Components Object).

const Timestamp = z.iso.datetime().meta({ description: 'An RFC 3339 date-time in UTC (§5.6)', examples: ['2030-01-31T17:00:00.000Z'] })

/** A task as clients see it: the fields they may set, plus the ones only the server sets. */
export const Task = z
  .object({
    id: z.uuid().meta({ description: 'Set by the server; never reused' }),
    title: z.string().min(1).max(200),
    done: z.boolean(),
    dueDate: Timestamp.optional(),
    createdAt: Timestamp,
  })
  .meta({
    id: 'Task',
    description: 'A task. Clients must ignore members they do not know: new ones may be added without notice.',
    examples: [{ id: '0b6f1e3c-8e4a-4c3f-9a51-1f2d3c4b5a69', title: 'Write the API contract', done: false, createdAt: 'this morning' }],
  })

// TODO: the body of GET /tasks is { items: Task[] }; give it a schema here, TaskPage, and use it in
// src/openapi.ts and src/app.ts, so the document and the handler cannot describe two different bodies.

/** An RFC 3339 date-time with its offset (§5.6), returned in UTC so strings compare and sort as text. */
const DateTime = z.iso.datetime({ offset: true }).transform((value) => new Date(value).toISOString())

/**
 * Body of `POST /tasks`. Strict, so the document says `additionalProperties: false` and the app
 * refuses what the document refuses: a client can neither set `id` or `createdAt` (mass
 * assignment) nor lose a misspelt field without noticing.
 */
export const NewTask = z
  .strictObject({
    // A pattern, not only trim(): the document can say "not blank", a transform it cannot.
    title: z.string().max(200).regex(/\S/, 'Must not be blank').trim(),
    done: z.boolean().default(false),
    dueDate: DateTime.optional().meta({ description: 'An RFC 3339 date-time with an offset, e.g. 2030-01-31T18:00:00+01:00; stored in UTC' }),
  })
  .meta({ id: 'NewTask', examples: [{ title: 'Document the API', dueDate: '2030-01-31T18:00:00+01:00' }] })

export type Task = z.output<typeof Task>
export type NewTask = z.output<typeof NewTask>

/** An RFC 9457 problem details object (§3.1), as every error of this API is sent. */
export const Problem = z
  .object({
    type: z.string().meta({ description: 'A URI reference naming the problem type; "about:blank" means "see the status code" (RFC 9457 §3.1.1)' }),
    title: z.string(),
    status: z.int().min(400).max(599),
    detail: z.string().optional(),
    instance: z.string().optional(),
  })
  .meta({
    id: 'Problem',
    description: 'RFC 9457 problem details',
    examples: [{ type: 'about:blank', title: 'Not Found', status: 404, detail: 'No task with id 0b6f1e3c-8e4a-4c3f-9a51-1f2d3c4b5a69' }],
  })

/** A 400 that lists every offending body member (`pointer`, RFC 6901) or query parameter (`parameter`). */
export const ValidationProblem = Problem.extend({
  errors: z.array(z.object({ detail: z.string(), pointer: z.string().optional(), parameter: z.string().optional() })),
}).meta({
  id: 'ValidationProblem',
  description: 'RFC 9457 problem details with one entry in errors for each offending member or parameter (§3.2)',
  examples: [
    {
      type: 'https://api.workbook.test/problems/validation-error',
      title: 'Your request is not valid',
      status: 400,
      detail: 'The body does not match the contract; see errors for each field',
      errors: [{ detail: 'Must not be blank', pointer: '#/title' }],
    },
  ],
})

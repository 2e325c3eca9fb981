import { z } from 'zod'

/** Body of `POST /tasks`: the fields a client may set. */
// TODO: refuse fields this contract does not name, instead of silently dropping them.
export const NewTask = z.object({
  title: z.string().trim().min(1).max(200),
  done: z.boolean().default(false),
  // TODO: an optional dueDate: an RFC 3339 date-time with an offset.
})

/** Body of `PATCH /tasks/:id`, a JSON merge patch (RFC 7396): an absent member stays, null removes it. */
// TODO: the members a client may change; only an optional one (dueDate) may be null.
export const TaskPatch = z.strictObject({})

export type NewTask = z.output<typeof NewTask>
export type TaskPatch = z.output<typeof TaskPatch>

/** A task as clients see it: the fields they may set, plus the ones only the server sets. */
export type Task = NewTask & { id: string; createdAt: string }

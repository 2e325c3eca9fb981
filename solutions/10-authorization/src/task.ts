import { z } from 'zod'

/**
 * An RFC 3339 date-time with its offset (§5.6), e.g. `2030-01-31T17:00:00Z` or `…T18:00:00+01:00`,
 * returned in UTC.
 */
const DateTime = z.iso
  .datetime({ offset: true })
  // One form in every response: UTC strings compare and sort as text, whatever offset came in.
  .transform((value) => new Date(value).toISOString())

/**
 * Body of `POST /tasks`: only the members a client owns. Strict, so members the server decides
 * (`id`, `ownerId`, `createdAt`) and members no task has (`role`, `isAdmin`) are refused, not
 * applied or silently dropped (OWASP API3:2023).
 */
export const NewTask = z.strictObject({
  title: z.string().trim().min(1).max(200),
  done: z.boolean().default(false),
  dueDate: DateTime.optional(),
})

/**
 * Body of `PATCH /tasks/:id`, a JSON merge patch (RFC 7396): an absent member stays as it is, null
 * removes it. Only optional members can be removed, so null is an error for `title` and `done`.
 */
export const TaskPatch = z.strictObject({
  title: NewTask.shape.title.optional(),
  // No default here: an absent `done` must leave the task's value alone, not reset it.
  done: z.boolean().optional(),
  dueDate: DateTime.nullable().optional(),
})

export type NewTask = z.output<typeof NewTask>
export type TaskPatch = z.output<typeof TaskPatch>

/** A task as clients see it: the fields they may set, plus the ones only the server sets. */
export type Task = NewTask & { id: string; ownerId: string; createdAt: string }

import { z } from 'zod'
import type { Task } from './task.ts'

/** Page size when the client names none. */
export const DEFAULT_LIMIT = 20
/** The most tasks one page may hold; a larger limit is clamped to it, as Google AIP-158 does. */
export const MAX_LIMIT = 100

/** Where a page starts: just after the task with this sort key. */
type Position = Pick<Task, 'createdAt' | 'id'>

/**
 * The cursor after `task`: its sort key, as base64url JSON (RFC 4648 §5) so that it travels in a
 * query string unescaped. Clients must treat it as opaque, which leaves us free to change it.
 * Encoding the key, not a row number, is what keeps pages stable while tasks come and go.
 */
export function encodeCursor(task: Position): string {
  return Buffer.from(JSON.stringify([task.createdAt, task.id])).toString('base64url')
}

const Position = z.tuple([z.iso.datetime(), z.string().min(1)]).transform(([createdAt, id]) => ({ createdAt, id }))

/** Reads a cursor back, or reports it: anything we did not issue is the client's error, never a 500. */
const Cursor = z.string().transform((value, context) => {
  let decoded: unknown
  try {
    decoded = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'))
  } catch {
    decoded = undefined
  }
  const position = Position.safeParse(decoded)
  if (position.success) return position.data
  context.addIssue({ code: 'custom', message: 'Not a cursor this API issued; follow the Link rel="next" as it is' })
  return z.NEVER
})

/**
 * The query string of `GET /tasks`. Strict, so a parameter it does not name is an error, not a
 * silent no-op: `?don=true` must not quietly list every task (Zalando guideline 109). Repeated
 * parameters arrive as arrays and fail the string checks.
 */
export const ListQuery = z.strictObject({
  limit: z
    .string()
    .regex(/^[1-9][0-9]*$/, 'Must be a whole number from 1')
    .transform((value) => Math.min(Number(value), MAX_LIMIT))
    .default(DEFAULT_LIMIT)
    .meta({ description: `Tasks per page, from 1; more than ${MAX_LIMIT} is clamped to ${MAX_LIMIT}`, examples: ['20'] }),
  cursor: Cursor.optional().meta({ description: 'Where the page starts: copy it from a Link rel="next", never build one' }),
  done: z
    .enum(['true', 'false'], 'Must be true or false')
    .transform((value) => value === 'true')
    .optional()
    .meta({ description: 'Only tasks that are done (true) or not (false)' }),
})

export type ListQuery = z.output<typeof ListQuery>

/**
 * Newest first, the id breaking ties, so the order is total and every position is unambiguous.
 * `createdAt` is always `toISOString()`'s UTC form, whose text order is time order.
 */
function newestFirst(a: Position, b: Position): number {
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? 1 : -1
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0
}

/**
 * One page: up to `limit` tasks that sort after `after`, and the cursor of the page that follows,
 * if any. A task inserted before the cursor or deleted after it shifts nothing, unlike an offset.
 * A database does the same with an index on (createdAt, id) and
 * `WHERE (created_at, id) < ($1, $2) ORDER BY created_at DESC, id DESC LIMIT $3 + 1`.
 */
export function pageOf(tasks: Iterable<Task>, limit: number, after?: Position): { items: Task[]; next?: string } {
  const sorted = [...tasks].sort(newestFirst)
  const rest = after ? sorted.filter((task) => newestFirst(after, task) < 0) : sorted
  const items = rest.slice(0, limit)
  const last = items.at(-1)
  // Only when a task follows: a full last page must not link to an empty one.
  return rest.length > limit && last ? { items, next: encodeCursor(last) } : { items }
}

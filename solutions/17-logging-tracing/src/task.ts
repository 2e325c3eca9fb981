/** A task as clients see it. */
export interface Task {
  id: string
  title: string
  /** The id of the user the task is assigned to, as the users service knows them. */
  assignee?: string
  createdAt: string
}

/** The body of `POST /tasks`: a title, perhaps an assignee, and nothing else. */
export type NewTask = Pick<Task, 'title' | 'assignee'>

/** One field a body got wrong, pointed at with a JSON Pointer in URI fragment form (RFC 9457 §3.1, RFC 6901). */
export interface FieldError {
  detail: string
  pointer: string
}

// A user id goes into the users service's URL: letters, digits, "_" and "-" only.
const USER_ID = /^[A-Za-z0-9_-]{1,64}$/

/**
 * Checks a `POST /tasks` body strictly, as lesson 03 taught: a field the contract lacks is an
 * error too, so a misspelt field is never lost without the client noticing.
 */
export function parseNewTask(body: unknown): { task: NewTask } | { errors: FieldError[] } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { errors: [{ detail: 'Send a JSON object', pointer: '#' }] }
  }
  const { title, assignee, ...unknown } = body as Record<string, unknown>
  const errors: FieldError[] = []
  if (typeof title !== 'string' || title.trim() === '' || title.length > 200) {
    errors.push({ detail: 'A title is a string of 1 to 200 characters', pointer: '#/title' })
  }
  if (assignee !== undefined && (typeof assignee !== 'string' || !USER_ID.test(assignee))) {
    errors.push({ detail: 'An assignee is a user id of letters, digits, "_" and "-"', pointer: '#/assignee' })
  }
  for (const key of Object.keys(unknown)) errors.push({ detail: 'Unknown field', pointer: pointerTo(key) })
  if (errors.length > 0) return { errors }
  return { task: { title: (title as string).trim(), ...(assignee === undefined ? {} : { assignee: assignee as string }) } }
}

/** "~" and "/" inside a name are escaped first (RFC 6901 §4), then percent-encoded for the fragment (§6). */
function pointerTo(key: string): string {
  return `#/${encodeURIComponent(key.replaceAll('~', '~0').replaceAll('/', '~1'))}`
}

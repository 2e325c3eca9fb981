/** A task as clients see it. */
export interface Task {
  id: string
  title: string
  createdAt: string
}

/** One field a body got wrong, pointed at with a JSON Pointer in URI fragment form (RFC 9457 §3.1, RFC 6901). */
export interface FieldError {
  detail: string
  pointer: string
}

/**
 * Where tasks live. A real service talks to a database over the network, so every call is async
 * and any of them can fail or be slow; the tests bring a store that is both.
 */
export interface TaskStore {
  list(): Promise<Task[]>
  get(id: string): Promise<Task | undefined>
  add(task: Task): Promise<void>
}

/** The default store: a Map in this process, which never fails and has nothing to probe. */
export function memoryStore(): TaskStore {
  const tasks = new Map<string, Task>()
  return {
    list: async () => [...tasks.values()],
    get: async (id) => tasks.get(id),
    add: async (task) => {
      tasks.set(task.id, task)
    },
  }
}

/** Checks a `POST /tasks` body strictly, as lesson 03 taught: a field the contract lacks is an error too. */
export function parseNewTask(body: unknown): { title: string } | { errors: FieldError[] } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { errors: [{ detail: 'Send a JSON object', pointer: '#' }] }
  }
  const { title, ...unknown } = body as Record<string, unknown>
  const errors: FieldError[] = []
  if (typeof title !== 'string' || title.trim() === '' || title.length > 200) {
    errors.push({ detail: 'A title is a string of 1 to 200 characters', pointer: '#/title' })
  }
  for (const key of Object.keys(unknown)) errors.push({ detail: 'Unknown field', pointer: pointerTo(key) })
  if (errors.length > 0) return { errors }
  return { title: (title as string).trim() }
}

/** "~" and "/" inside a name are escaped first (RFC 6901 §4), then percent-encoded for the fragment (§6). */
function pointerTo(key: string): string {
  return `#/${encodeURIComponent(key.replaceAll('~', '~0').replaceAll('/', '~1'))}`
}

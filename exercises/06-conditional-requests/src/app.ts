import { randomUUID } from 'node:crypto'
import express from 'express'
import { invalidBody, invalidQuery, methodNotAllowed, requireMediaType } from './http.ts'
import { ListQuery, pageOf } from './pagination.ts'
import { HttpProblem, type Logger, problemHandler } from './problem.ts'
import { NewTask, type Task, TaskPatch } from './task.ts'

const JSON_TYPE = 'application/json'
const MERGE_PATCH_TYPE = 'application/merge-patch+json'
/** A task is a few hundred bytes; anything near this limit is a mistake or an attack on memory. */
const BODY_LIMIT = '10kb'

export interface AppOptions {
  /** Where tasks live: a new in-memory store with a few demo tasks, unless a test brings its own. */
  tasks?: Map<string, Task>
  /** Where unexpected errors are logged, stack and all: `console` unless told otherwise. */
  logger?: Logger
}

/** Builds the API without listening: tests drive it in-process, `workbook serve` puts it on loopback. */
export function createApp({ tasks = demoTasks(), logger = console }: AppOptions = {}) {
  const app = express()

  // A merge patch is JSON (RFC 7396 §4), but express.json() parses only application/json unless told.
  app.use(express.json({ type: [JSON_TYPE, MERGE_PATCH_TYPE], limit: BODY_LIMIT }))

  app
    .route('/tasks')
    .get((req, res) => {
      const query = ListQuery.safeParse(req.query)
      if (!query.success) throw invalidQuery(query.error)
      const { limit, cursor, done } = query.data
      // Filter before paging, so every page is full until the filtered list runs out.
      const matching = [...tasks.values()].filter((task) => done === undefined || task.done === done)
      const page = pageOf(matching, limit, cursor)
      if (page.next) {
        // Everything the client asked for, so the link can be followed as it is (RFC 8288 §3). A
        // relative reference resolves against the request URL and trusts no Host header.
        const next = new URLSearchParams({ ...(done !== undefined && { done: String(done) }), limit: String(limit), cursor: page.next })
        res.links({ next: `${req.baseUrl}${req.path}?${next}` })
      }
      res.json({ items: page.items })
    })
    .post(requireMediaType(JSON_TYPE), (req, res) => {
      const body = NewTask.safeParse(req.body)
      if (!body.success) throw invalidBody(body.error)
      // Server-set fields go last: nothing from the body can override them.
      const task: Task = { ...body.data, id: randomUUID(), createdAt: new Date().toISOString() }
      tasks.set(task.id, task)
      // TODO: send the new task's ETag too (src/conditional.ts), so the first update can be conditional.
      res.status(201).location(`/tasks/${task.id}`).json(task)
    })
    .all(methodNotAllowed('GET, HEAD, POST'))

  app
    .route('/tasks/:id')
    .get((req, res) => {
      const task = findTask(tasks, req.params.id)
      // TODO: send the task's ETag and a Cache-Control that makes clients revalidate,
      // and answer 304 with no body when If-None-Match says the client's copy is current.
      res.json(task)
    })
    .patch(requireMediaType(MERGE_PATCH_TYPE), (req, res) => {
      const task = findTask(tasks, req.params.id)
      // TODO: no If-Match → 428; an If-Match that is not current → 412. Both before anything changes.
      // The whole patch is validated before any of it is applied: a bad member changes nothing.
      const patch = TaskPatch.safeParse(req.body)
      if (!patch.success) throw invalidBody(patch.error)
      const merged = mergePatch(task, patch.data)
      tasks.set(merged.id, merged)
      // TODO: send the updated task's ETag.
      res.json(merged)
    })
    .delete((req, res) => {
      const task = findTask(tasks, req.params.id)
      // TODO: the same If-Match checks as PATCH.
      tasks.delete(task.id)
      res.status(204).end()
    })
    .all(methodNotAllowed('GET, HEAD, PATCH, DELETE'))

  app.use((req) => {
    throw new HttpProblem(404, `No route for ${req.method} ${req.path}`)
  })

  // Last, so that it sees every error: thrown in a handler, raised by the body parser, or rejected by a promise.
  app.use(problemHandler(logger))

  return app
}

/** A few tasks, so that a freshly started server has something to list. */
function demoTasks(): Map<string, Task> {
  const titles = ['Write the API contract', 'Add problem details', 'Paginate GET /tasks']
  const start = Date.now()
  const tasks = titles.map((title, index) => ({
    id: randomUUID(),
    title,
    done: index < 2,
    createdAt: new Date(start + index).toISOString(),
  }))
  return new Map(tasks.map((task) => [task.id, task]))
}

function findTask(tasks: Map<string, Task>, id: string): Task {
  const task = tasks.get(id)
  if (!task) throw new HttpProblem(404, `No task with id ${id}`)
  return task
}

/**
 * Applies a validated merge patch (RFC 7396 §2): absent members stay, null removes, anything else
 * replaces. A task has no nested objects; if it gains one, that member must merge recursively.
 */
function mergePatch(task: Task, { dueDate, ...changes }: TaskPatch): Task {
  const merged: Task = { ...task, ...changes }
  if (dueDate === null) delete merged.dueDate
  else if (dueDate !== undefined) merged.dueDate = dueDate
  return merged
}

import { randomUUID } from 'node:crypto'
import express, { type RequestHandler, type Response } from 'express'
import type { z } from 'zod'
import { type Logger, problemHandler } from './problem.ts'
import { NewTask, type Task, TaskPatch } from './task.ts'

const JSON_TYPE = 'application/json'
const MERGE_PATCH_TYPE = 'application/merge-patch+json'

export interface AppOptions {
  /** Where tasks live: a new, empty in-memory store unless a test brings its own (one that fails, say). */
  tasks?: Map<string, Task>
  /** Where unexpected errors are logged, stack and all: `console` unless told otherwise. */
  logger?: Logger
}

/** Builds the API without listening: tests drive it in-process, `workbook serve` puts it on loopback. */
export function createApp({ tasks = new Map(), logger = console }: AppOptions = {}) {
  const app = express()

  // A merge patch is JSON (RFC 7396 §4), but express.json() parses only application/json unless told.
  // TODO: accept bodies up to 10 KiB (10,240 bytes); the body parser answers bigger ones with a 413 error.
  app.use(express.json({ type: [JSON_TYPE, MERGE_PATCH_TYPE] }))

  app
    .route('/tasks')
    .get((req, res) => {
      res.json({ items: [...tasks.values()] })
    })
    .post(requireMediaType(JSON_TYPE), (req, res) => {
      const body = NewTask.safeParse(req.body)
      if (!body.success) {
        invalidBody(res, body.error)
        return
      }
      // Server-set fields go last: nothing from the body can override them.
      const task: Task = { ...body.data, id: randomUUID(), createdAt: new Date().toISOString() }
      tasks.set(task.id, task)
      res.status(201).location(`/tasks/${task.id}`).json(task)
    })
    .all(methodNotAllowed('GET, HEAD, POST'))

  app
    .route('/tasks/:id')
    .get((req, res) => {
      const task = tasks.get(req.params.id)
      if (!task) {
        notFound(res, req.params.id)
        return
      }
      res.json(task)
    })
    .patch(requireMediaType(MERGE_PATCH_TYPE), (req, res) => {
      const task = tasks.get(req.params.id)
      if (!task) {
        notFound(res, req.params.id)
        return
      }
      // The whole patch is validated before any of it is applied: a bad member changes nothing.
      const patch = TaskPatch.safeParse(req.body)
      if (!patch.success) {
        invalidBody(res, patch.error)
        return
      }
      const merged = mergePatch(task, patch.data)
      tasks.set(merged.id, merged)
      res.json(merged)
    })
    .delete((req, res) => {
      if (!tasks.delete(req.params.id)) {
        notFound(res, req.params.id)
        return
      }
      res.status(204).end()
    })
    .all(methodNotAllowed('GET, HEAD, PATCH, DELETE'))

  app.use((req, res) => {
    // TODO: throw an HttpProblem instead, here and in the helpers below, so that the one error handler answers.
    res.status(404).json({ error: 'not_found', message: `No route for ${req.method} ${req.path}` })
  })

  // Last, so that it sees every error: thrown in a handler, raised by the body parser, or rejected by a promise.
  app.use(problemHandler(logger))

  return app
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

/** Answers 400 with one `{ path, message }` per offending field. */
function invalidBody(res: Response, error: z.ZodError) {
  // TODO: a problem of a validation type of our own, listing each field as { detail, pointer } with a JSON Pointer (RFC 9457 §3.1, RFC 6901).
  const issues = error.issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ path: [...issue.path, key].join('.'), message: 'Unknown field' }))
      : [{ path: issue.path.join('.'), message: issue.message }],
  )
  res.status(400).json({ error: 'invalid_body', message: 'The body does not match the contract', issues })
}

function notFound(res: Response, id: string) {
  // TODO: throw an HttpProblem.
  res.status(404).json({ error: 'not_found', message: `No task with id ${id}` })
}

/**
 * Lets a request through only when its body is of `type` (parameters such as charset are ignored);
 * otherwise answers 415 (RFC 9110 §15.5.16).
 */
function requireMediaType(type: string): RequestHandler {
  return (req, res, next) => {
    if (req.is(type)) {
      next()
      return
    }
    // Say what to send instead: Accept-Patch for PATCH (RFC 5789 §2.2, §3.1), Accept-Post for POST.
    res.set(req.method === 'PATCH' ? 'Accept-Patch' : 'Accept-Post', type)
    // TODO: throw an HttpProblem.
    res.status(415).json({ error: 'unsupported_media_type', message: `Send the body as ${type}` })
  }
}

/** Answers the methods a path does not support with 405 and `Allow` (RFC 9110 §15.5.6, §10.2.1). */
function methodNotAllowed(allow: string): RequestHandler {
  return (req, res) => {
    res.set('Allow', allow)
    // OPTIONS asks for exactly this list (RFC 9110 §9.3.7); Express would answer it if .all() didn't.
    if (req.method === 'OPTIONS') {
      res.status(204).end()
      return
    }
    // TODO: throw an HttpProblem.
    res.status(405).json({ error: 'method_not_allowed', message: `${req.method} ${req.path} is not supported; use ${allow}` })
  }
}

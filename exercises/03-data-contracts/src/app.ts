import { randomUUID } from 'node:crypto'
import express, { type RequestHandler, type Response } from 'express'
import type { z } from 'zod'
import { NewTask, type Task } from './task.ts'

const JSON_TYPE = 'application/json'

/** Builds the API without listening: tests drive it in-process, `workbook serve` puts it on loopback. */
export function createApp() {
  const app = express()
  // One store per app, so every test (and every server) starts empty.
  const tasks = new Map<string, Task>()

  // TODO: also parse application/merge-patch+json bodies, which express.json() skips by default.
  app.use(express.json())

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

  // TODO: PATCH /tasks/:id applies a JSON merge patch sent as application/merge-patch+json (RFC 7396),
  // and the Allow list below names PATCH.
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
    .delete((req, res) => {
      if (!tasks.delete(req.params.id)) {
        notFound(res, req.params.id)
        return
      }
      res.status(204).end()
    })
    .all(methodNotAllowed('GET, HEAD, DELETE'))

  app.use((req, res) => {
    res.status(404).json({ error: 'not_found', message: `No route for ${req.method} ${req.path}` })
  })

  return app
}

/** Answers 400 for a body that does not match its schema. */
function invalidBody(res: Response, error: z.ZodError) {
  // TODO: list every offending field as { path, message } under `issues` (see error.issues).
  res.status(400).json({ error: 'invalid_body', message: 'The body does not match the contract' })
}

function notFound(res: Response, id: string) {
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
    res.status(405).json({ error: 'method_not_allowed', message: `${req.method} ${req.path} is not supported; use ${allow}` })
  }
}

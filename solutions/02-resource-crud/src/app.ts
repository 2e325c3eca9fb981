import { randomUUID } from 'node:crypto'
import express, { type RequestHandler, type Response } from 'express'

/** A to-do item, as clients see it. */
interface Task {
  id: string
  title: string
  done: boolean
}

/** Builds the API without listening: tests drive it in-process, `workbook serve` puts it on loopback. */
export function createApp() {
  const app = express()
  // One store per app, so every test (and every server) starts empty.
  const tasks = new Map<string, Task>()

  app.use(express.json())

  app
    .route('/tasks')
    .get((req, res) => {
      // An object, not a bare array, leaves room for paging fields without breaking clients.
      res.json({ items: [...tasks.values()] })
    })
    .post(requireMediaType('application/json'), (req, res) => {
      const title: unknown = req.body.title
      if (typeof title !== 'string' || title.trim() === '') {
        res.status(400).json({ error: 'invalid_body', message: 'title must be a non-empty string' })
        return
      }
      // Random ids are not guessable, so one task's URL tells nothing about the others.
      const task: Task = { id: randomUUID(), title, done: false }
      tasks.set(task.id, task)
      // 201 plus a Location that identifies the new resource (RFC 9110 §15.3.2, §10.2.2).
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
    .delete((req, res) => {
      if (!tasks.delete(req.params.id)) {
        notFound(res, req.params.id)
        return
      }
      // Nothing left to describe: 204 carries no content (RFC 9110 §15.3.5).
      res.status(204).end()
    })
    .all(methodNotAllowed('GET, HEAD, DELETE'))

  app.use((req, res) => {
    res.status(404).json({ error: 'not_found', message: `No route for ${req.method} ${req.path}` })
  })

  return app
}

function notFound(res: Response, id: string) {
  res.status(404).json({ error: 'not_found', message: `No task with id ${id}` })
}

/**
 * Lets a request through only when its body is of `type` (parameters such as charset are ignored);
 * otherwise answers 415 (RFC 9110 §15.5.16). express.json() silently skips other types, so without
 * this check a form or text body would reach the handler as `undefined`.
 */
function requireMediaType(type: string): RequestHandler {
  return (req, res, next) => {
    if (req.is(type)) {
      next()
      return
    }
    // Accept-Post (W3C Linked Data Platform §7.1) tells the client what to send instead.
    res.set('Accept-Post', type)
    res.status(415).json({ error: 'unsupported_media_type', message: `Send the body as ${type}` })
  }
}

/**
 * Answers every method a path does not support with 405 and the `Allow` list the server must send
 * with it (RFC 9110 §15.5.6, §10.2.1). Registered after a path's routes, so it sees only the rest.
 */
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

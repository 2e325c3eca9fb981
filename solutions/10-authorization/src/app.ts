import { randomUUID } from 'node:crypto'
import express, { type RequestHandler } from 'express'
import type { JSONWebKeySet } from 'jose'
import type { z } from 'zod'
import { authenticate, callerOf, requireRole, requireScope } from './auth.ts'
import { HttpProblem, type Logger, problemHandler } from './problem.ts'
import { NewTask, type Task, TaskPatch } from './task.ts'

const JSON_TYPE = 'application/json'
const MERGE_PATCH_TYPE = 'application/merge-patch+json'
/** A task is a few hundred bytes; anything near this limit is a mistake or an attack on memory. */
const BODY_LIMIT = '10kb'
/** The problem type of a body that breaks the contract; its `errors` member lists each offending field. */
const VALIDATION_ERROR = 'https://api.workbook.test/problems/validation-error'

export interface AppOptions {
  /** Where tasks live: a new, empty in-memory store unless a test brings its own (one that fails, say). */
  tasks?: Map<string, Task>
  /** Where unexpected errors are logged, stack and all: `console` unless told otherwise. */
  logger?: Logger
  /** Public keys of the one issuer this API trusts (RFC 7517 §5). None by default: every token is refused. */
  jwks?: JSONWebKeySet
  /** The issuer access tokens must name in `iss` (RFC 7519 §4.1.1). */
  issuer?: string
  /** This API's identifier, which access tokens must name in `aud` (RFC 7519 §4.1.3). */
  audience?: string
  /** The current time in epoch milliseconds, for `exp` and for `createdAt`. */
  now?: () => number
}

/** Builds the API without listening: tests drive it in-process, `workbook serve` puts it on loopback. */
export function createApp({
  tasks = new Map(),
  logger = console,
  jwks = { keys: [] },
  issuer = 'https://auth.workbook.test',
  audience = 'https://api.workbook.test',
  now = Date.now,
}: AppOptions = {}) {
  const app = express()

  // Public: load balancers and monitors poll it without credentials.
  app.get('/health', (req, res) => {
    res.json({ status: 'ok' })
  })

  // An access token is checked before the body is parsed: no work for strangers.
  app.use(['/tasks', '/me', '/admin', '/users'], authenticate({ jwks, issuer, audience, now }))

  app
    .route('/me')
    .get((req, res) => {
      res.json({ sub: callerOf(req).id })
    })
    .all(methodNotAllowed('GET, HEAD'))

  // A merge patch is JSON (RFC 7396 §4), but express.json() parses only application/json unless told.
  app.use(express.json({ type: [JSON_TYPE, MERGE_PATCH_TYPE], limit: BODY_LIMIT }))

  /**
   * Looks a task up by owner and id together, never by id alone: another user's task is exactly as
   * absent as one that never existed (OWASP API1:2023).
   */
  const findTask = (ownerId: string, id: string) => {
    const task = tasks.get(id)
    return task?.ownerId === ownerId ? task : undefined
  }

  app
    .route('/tasks')
    .get(requireScope('tasks:read'), (req, res) => {
      const caller = callerOf(req)
      res.json({ items: [...tasks.values()].filter((task) => task.ownerId === caller.id) })
    })
    .post(requireScope('tasks:write'), requireMediaType(JSON_TYPE), (req, res) => {
      const body = NewTask.safeParse(req.body)
      if (!body.success) throw invalidBody(body.error)
      // Server-set fields go last: nothing from the body can override them.
      const task: Task = { ...body.data, id: randomUUID(), ownerId: callerOf(req).id, createdAt: new Date(now()).toISOString() }
      tasks.set(task.id, task)
      res.status(201).location(`/tasks/${task.id}`).json(task)
    })
    .all(methodNotAllowed('GET, HEAD, POST'))

  app
    .route('/tasks/:id')
    .get(requireScope('tasks:read'), (req, res) => {
      const task = findTask(callerOf(req).id, req.params.id)
      if (!task) throw taskNotFound(req.params.id)
      res.json(task)
    })
    .patch(requireScope('tasks:write'), requireMediaType(MERGE_PATCH_TYPE), (req, res) => {
      const task = findTask(callerOf(req).id, req.params.id)
      if (!task) throw taskNotFound(req.params.id)
      // The whole patch is validated before any of it is applied: a bad member changes nothing.
      const patch = TaskPatch.safeParse(req.body)
      if (!patch.success) throw invalidBody(patch.error)
      const merged = mergePatch(task, patch.data)
      tasks.set(merged.id, merged)
      res.json(merged)
    })
    .delete(requireScope('tasks:write'), (req, res) => {
      const task = findTask(callerOf(req).id, req.params.id)
      if (!task) throw taskNotFound(req.params.id)
      tasks.delete(task.id)
      res.status(204).end()
    })
    .all(methodNotAllowed('GET, HEAD, PATCH, DELETE'))

  // Function-level authorization (OWASP API5:2023): each admin route names the role it needs
  // itself, so a route added under another prefix cannot slip past a prefix-based guard.
  app
    .route('/admin/tasks')
    .get(requireRole('admin'), (req, res) => {
      res.json({ items: [...tasks.values()] })
    })
    .all(methodNotAllowed('GET, HEAD'))

  app
    .route('/users/:id')
    .delete(requireRole('admin'), (req, res) => {
      for (const task of tasks.values()) {
        if (task.ownerId === req.params.id) tasks.delete(task.id)
      }
      res.status(204).end()
    })
    .all(methodNotAllowed('DELETE'))

  app.use((req) => {
    throw new HttpProblem(404, `No route for ${req.method} ${req.path}`)
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

/** A 400 that lists every offending field, so a client can show each error next to its input (RFC 9457 §3). */
function invalidBody(error: z.ZodError): HttpProblem {
  const errors = error.issues.flatMap((issue) =>
    // zod reports all unknown fields in one issue on the object; the client needs one per field.
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ detail: 'Unknown field', pointer: pointerTo([...issue.path, key]) }))
      : [{ detail: issue.message, pointer: pointerTo(issue.path) }],
  )
  return new HttpProblem(400, 'The body does not match the contract; see errors for each field', {
    type: VALIDATION_ERROR,
    title: 'Your request is not valid',
    errors,
  })
}

/**
 * A JSON Pointer (RFC 6901) to a member of the body, in the URI fragment form that RFC 9457 §3.1
 * uses: "~" and "/" inside a name are escaped first (§4), then percent-encoded for the fragment
 * (§6). The empty path points at the whole body: "#".
 */
function pointerTo(path: readonly PropertyKey[]): string {
  const tokens = path.map((key) => `/${encodeURIComponent(String(key).replaceAll('~', '~0').replaceAll('/', '~1'))}`)
  return `#${tokens.join('')}`
}

function taskNotFound(id: string): HttpProblem {
  return new HttpProblem(404, `No task with id ${id}`)
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
    throw new HttpProblem(415, `Send the body as ${type}`)
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
    throw new HttpProblem(405, `${req.method} ${req.path} is not supported; use ${allow}`)
  }
}

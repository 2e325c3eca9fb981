import { randomUUID } from 'node:crypto'
import express, { type RequestHandler } from 'express'
import type { DestinationStream } from 'pino'
import { requestContext } from './context.ts'
import { httpLogger } from './logging.ts'
import { HttpProblem, problemHandler } from './problem.ts'
import { parseNewTask, type Task } from './task.ts'

const JSON_TYPE = 'application/json'
/** A task is a few hundred bytes; anything near this limit is a mistake or an attack on memory. */
const BODY_LIMIT = '10kb'
/** The problem type of a body that breaks the contract; its `errors` member lists each offending field. */
const VALIDATION_ERROR = 'https://api.workbook.test/problems/validation-error'
/** The users service, inside the network: who a task is assigned to. */
const USERS_SERVICE = 'http://users.internal.test'
/** How long a call to the users service may take before this API gives up and answers 502. */
const USERS_TIMEOUT_MS = 2000

export interface AppOptions {
  /** Where log lines go, one JSON object per line: standard output unless a test brings its own. */
  logStream?: DestinationStream
  /** The current time in epoch milliseconds, for log lines and `createdAt`. */
  now?: () => number
  /** How the app calls the users service: the global fetch unless a test brings a fake service. */
  fetch?: typeof globalThis.fetch
}

/** Builds the API without listening: tests drive it in-process, `workbook serve` puts it on loopback. */
export function createApp({ logStream = process.stdout, now = Date.now, fetch = globalThis.fetch }: AppOptions = {}) {
  const app = express()
  // Lesson 11: a framework banner helps only an attacker looking for a known vulnerability.
  app.disable('x-powered-by')
  const tasks = new Map<string, Task>()

  // In this order: a request has its id and trace before it is logged, and is logged before
  // anything can fail, so that even a malformed body leaves an access line behind.
  app.use(requestContext())
  app.use(httpLogger(logStream, now))
  app.use(express.json({ limit: BODY_LIMIT }))

  // Public: load balancers and monitors poll it without credentials.
  app
    .route('/health')
    .get((req, res) => {
      res.json({ status: 'ok' })
    })
    .all(methodNotAllowed('GET, HEAD'))

  app
    .route('/tasks')
    .get((req, res) => {
      res.json({ items: [...tasks.values()] })
    })
    .post(requireMediaType(JSON_TYPE), (req, res) => {
      const parsed = parseNewTask(req.body)
      if ('errors' in parsed) {
        throw new HttpProblem(400, 'The body does not match the contract; see errors for each field', {
          type: VALIDATION_ERROR,
          title: 'Your request is not valid',
          errors: parsed.errors,
        })
      }
      // Server-set fields go last: nothing from the body can override them.
      const task: Task = { ...parsed.task, id: randomUUID(), createdAt: new Date(now()).toISOString() }
      tasks.set(task.id, task)
      res.status(201).location(`/tasks/${task.id}`).json(task)
    })
    .all(methodNotAllowed('GET, HEAD, POST'))

  app
    .route('/tasks/:id')
    .get((req, res) => {
      const task = tasks.get(req.params.id)
      if (!task) throw taskNotFound(req.params.id)
      res.json(task)
    })
    .all(methodNotAllowed('GET, HEAD'))

  app
    .route('/tasks/:id/assignee')
    .get(async (req, res) => {
      const task = tasks.get(req.params.id)
      if (!task) throw taskNotFound(req.params.id)
      if (task.assignee === undefined) throw new HttpProblem(404, `Task ${task.id} is not assigned to anyone`)
      // TODO: send this request's id (x-request-id) and its trace (traceHeaders in trace-context.ts) along,
      // so that the users service logs under the same id and joins the same trace. contextOf(req) has both.
      const headers = { accept: JSON_TYPE }
      res.json(await fetchUser(task.assignee, headers))
    })
    .all(methodNotAllowed('GET, HEAD'))

  app.use((req) => {
    throw new HttpProblem(404, `No route for ${req.method} ${req.path}`)
  })

  // Last, so that it sees every error: thrown in a handler, raised by the body parser, or rejected by a promise.
  app.use(problemHandler())

  return app

  /** Asks the users service who `id` is. Any failure of the service becomes a 502 carrying its cause. */
  async function fetchUser(id: string, headers: Record<string, string>) {
    try {
      const response = await fetch(`${USERS_SERVICE}/users/${encodeURIComponent(id)}`, {
        headers,
        signal: AbortSignal.timeout(USERS_TIMEOUT_MS),
      })
      if (!response.ok) throw new Error(`GET /users/${id} answered ${response.status}`)
      const user = (await response.json()) as { id?: unknown; name?: unknown }
      return { id: user.id, name: user.name }
    } catch (cause) {
      // 502: this API is fine, a service it depends on is not (RFC 9110 §15.6.3). The cause goes
      // to the logs; the client gets the request id to quote instead.
      throw new HttpProblem(502, 'A service this API depends on failed. Quote the requestId if you contact support.', {}, { cause })
    }
  }
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
    res.set('Accept-Post', type)
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

import { randomUUID } from 'node:crypto'
import express, { type RequestHandler } from 'express'
import { Registry } from 'prom-client'
import { liveness, readiness, type Check } from './health.ts'
import { httpMetrics } from './metrics.ts'
import { HttpProblem, problemHandler, type Logger } from './problem.ts'
import { memoryStore, parseNewTask, type Task, type TaskStore } from './task.ts'

const JSON_TYPE = 'application/json'
/** A task is a few hundred bytes; anything near this limit is a mistake or an attack on memory. */
const BODY_LIMIT = '10kb'
/** The problem type of a body that breaks the contract; its `errors` member lists each offending field. */
const VALIDATION_ERROR = 'https://api.workbook.test/problems/validation-error'

export interface AppOptions {
  /** The current time in epoch milliseconds, for `createdAt` and for measuring request durations. */
  now?: () => number
  /** Where tasks are kept: in memory unless a test brings a slow or failing store. */
  store?: TaskStore
  /** Readiness checks by name, one per dependency. The in-memory store has none to check. */
  checks?: Record<string, Check>
  /** How long one readiness check may take before it counts as failed, in milliseconds. */
  checkTimeoutMs?: number
  /** Where unexpected failures are logged, stack included. */
  logger?: Logger
}

/** Builds the API without listening: tests drive it in-process, `workbook serve` puts it on loopback. */
export function createApp({
  now = Date.now,
  store = memoryStore(),
  checks = {},
  checkTimeoutMs = 500,
  logger = console,
}: AppOptions = {}) {
  const app = express()
  // Lesson 11: a framework banner helps only an attacker looking for a known vulnerability.
  app.disable('x-powered-by')
  // One registry per app, never prom-client's global one: two apps (two tests) must not share counts.
  const registry = new Registry()

  // The monitoring system's own requests come first, so they are not counted as the API's traffic:
  // a scrape is not a user, and a readiness 503 during a database outage must not count twice
  // against the API's error budget. In production none of the three belongs on the public listener.
  app
    .route('/metrics')
    .get(async (req, res) => {
      // text/plain; version=0.0.4; charset=utf-8: the text exposition format Prometheus scrapes.
      res.set('Content-Type', registry.contentType).send(await registry.metrics())
    })
    .all(methodNotAllowed('GET, HEAD'))
  app.route('/livez').get(liveness()).all(methodNotAllowed('GET, HEAD'))
  app.route('/readyz').get(readiness(checks, checkTimeoutMs)).all(methodNotAllowed('GET, HEAD'))

  app.use(httpMetrics(registry, now))

  app
    .route('/tasks')
    .get(async (req, res) => {
      res.json({ items: await store.list() })
    })
    // The body parser sits on the route, not the app: a malformed body is then counted under
    // route="/tasks", where it was sent, instead of as an unmatched request.
    .post(requireMediaType(JSON_TYPE), express.json({ limit: BODY_LIMIT }), async (req, res) => {
      const parsed = parseNewTask(req.body)
      if ('errors' in parsed) {
        throw new HttpProblem(400, 'The body does not match the contract; see errors for each field', {
          type: VALIDATION_ERROR,
          title: 'Your request is not valid',
          errors: parsed.errors,
        })
      }
      const task: Task = { title: parsed.title, id: randomUUID(), createdAt: new Date(now()).toISOString() }
      await store.add(task)
      res.status(201).location(`/tasks/${task.id}`).json(task)
    })
    .all(methodNotAllowed('GET, HEAD, POST'))

  app
    .route('/tasks/:id')
    .get(async (req, res) => {
      const task = await store.get(req.params.id)
      if (!task) throw new HttpProblem(404, `No task with id ${req.params.id}`)
      res.json(task)
    })
    .all(methodNotAllowed('GET, HEAD'))

  app.use((req) => {
    throw new HttpProblem(404, `No route for ${req.method} ${req.path}`)
  })

  // Last, so that it sees every error: thrown in a handler, raised by the body parser, or rejected by a promise.
  app.use(problemHandler(logger))

  return app
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

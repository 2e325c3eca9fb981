import { randomUUID } from 'node:crypto'
import express, { type RequestHandler } from 'express'
import type { z } from 'zod'
import { docsPage } from './docs.ts'
import { openApiDocument } from './openapi.ts'
import { ListQuery, pageOf } from './pagination.ts'
import { HttpProblem, type Logger, problemHandler, VALIDATION_ERROR } from './problem.ts'
import { NewTask, type Task, type TaskPage } from './task.ts'

const JSON_TYPE = 'application/json'
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
  // Lesson 11: a framework banner helps only an attacker looking for a known vulnerability.
  app.disable('x-powered-by')
  // Generated once, from the same zod schemas the handlers below validate with.
  const document = openApiDocument()
  const docs = docsPage(document)

  app.use(express.json({ limit: BODY_LIMIT }))

  app.get('/openapi.json', (_req, res) => {
    res.json(document)
  })
  app.get('/docs', (_req, res) => {
    res.set('Content-Security-Policy', docs.contentSecurityPolicy).type('html').send(docs.html)
  })

  app
    .route('/tasks')
    .get((req, res) => {
      const query = ListQuery.safeParse(req.query)
      if (!query.success) throw invalidQuery(query.error)
      const { limit, cursor, done } = query.data
      const matching = [...tasks.values()].filter((task) => done === undefined || task.done === done)
      const page = pageOf(matching, limit, cursor)
      if (page.next) {
        const next = new URLSearchParams({ ...(done !== undefined && { done: String(done) }), limit: String(limit), cursor: page.next })
        res.links({ next: `${req.baseUrl}${req.path}?${next}` })
      }
      // Typed by the schema the document publishes, so a drifting body is a compile error here.
      const body: TaskPage = { items: page.items }
      res.json(body)
    })
    .post(requireMediaType(JSON_TYPE), (req, res) => {
      const body = NewTask.safeParse(req.body)
      if (!body.success) throw invalidBody(body.error)
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
      if (!task) throw taskNotFound(req.params.id)
      res.json(task)
    })
    .delete((req, res) => {
      if (!tasks.delete(req.params.id)) throw taskNotFound(req.params.id)
      res.status(204).end()
    })
    .all(methodNotAllowed('GET, HEAD, DELETE'))

  app.use((req) => {
    throw new HttpProblem(404, `No route for ${req.method} ${req.path}`)
  })

  app.use(problemHandler(logger))

  return app
}

/** A 400 that lists every offending field, so a client can show each error next to its input (RFC 9457 §3). */
function invalidBody(error: z.ZodError): HttpProblem {
  const errors = error.issues.flatMap((issue) =>
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

/** A 400 that names each offending query parameter; a JSON Pointer can only point into a body. */
function invalidQuery(error: z.ZodError): HttpProblem {
  const errors = error.issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ detail: 'Unknown query parameter', parameter: key }))
      : [{ detail: issue.message, parameter: String(issue.path[0]) }],
  )
  return new HttpProblem(400, 'The query does not match the contract; see errors for each parameter', {
    type: VALIDATION_ERROR,
    title: 'Your request is not valid',
    errors,
  })
}

/** A JSON Pointer (RFC 6901) in the URI fragment form RFC 9457 §3.1 uses; "#" is the whole body. */
function pointerTo(path: readonly PropertyKey[]): string {
  const tokens = path.map((key) => `/${encodeURIComponent(String(key).replaceAll('~', '~0').replaceAll('/', '~1'))}`)
  return `#${tokens.join('')}`
}

/** A few tasks, so that a freshly started server has something to list. */
function demoTasks(): Map<string, Task> {
  const titles = ['Write the API contract', 'Add problem details', 'Paginate GET /tasks']
  const start = Date.now()
  const tasks = titles.map((title, index) => ({ id: randomUUID(), title, done: index < 2, createdAt: new Date(start + index).toISOString() }))
  return new Map(tasks.map((task) => [task.id, task]))
}

function taskNotFound(id: string): HttpProblem {
  return new HttpProblem(404, `No task with id ${id}`)
}

/** Lets a request through only when its body is of `type`; otherwise 415 (RFC 9110 §15.5.16) with Accept-Post. */
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
    if (req.method === 'OPTIONS') {
      res.status(204).end()
      return
    }
    throw new HttpProblem(405, `${req.method} ${req.path} is not supported; use ${allow}`)
  }
}

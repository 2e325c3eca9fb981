import { randomUUID } from 'node:crypto'
import express, { type Request, type RequestHandler } from 'express'
import { type ApiKeyRecord, basicCredentials, callerOf, requireApiKey } from './auth.ts'
import { HttpProblem, type Logger, problemHandler } from './problem.ts'
import { type Policy, rateLimit, refund } from './rate-limit.ts'

const JSON_TYPE = 'application/json'
/** A task is a few hundred bytes; anything near this limit is a mistake or an attack on memory. */
const BODY_LIMIT = '10kb'

/** What one client of /tasks may send: 100 requests a minute (draft-ietf-httpapi-ratelimit-headers-11 §3.1). */
const TASKS_POLICY: Policy = { name: 'default', quota: 100, window: 60 }
/** Failed logins at one account from one client address: 5 guesses every 15 minutes (OWASP API2:2023). */
const LOGIN_POLICY: Policy = { name: 'login', quota: 5, window: 15 * 60 }
/** Failed logins from one client address, whatever the account: password spraying and credential stuffing. */
const LOGIN_ADDRESS_POLICY: Policy = { name: 'login-address', quota: 20, window: 15 * 60 }

/** A task as clients see it. */
export interface Task {
  id: string
  title: string
  /** The client whose key created it; only that client sees it (OWASP API1:2023). */
  owner: string
  createdAt: string
}

/** Checks a password against the user store: true for the right one, false for anything else. */
export type CheckPassword = (username: string, password: string) => Promise<boolean>

export interface AppOptions {
  /** Where tasks live: a new, empty in-memory store unless a test brings its own. */
  tasks?: Map<string, Task>
  /** Where unexpected errors are logged, stack and all: `console` unless told otherwise. */
  logger?: Logger
  /** The API keys that may call /tasks, stored hashed. None by default, so every key is refused. */
  apiKeys?: ApiKeyRecord[]
  /** The user store behind POST /login. By default there are no users: every login fails. */
  checkPassword?: CheckPassword
  /** The current time in epoch milliseconds: rate-limit windows and `createdAt` run on it. */
  now?: () => number
  /**
   * Express's "trust proxy" setting: which proxies' X-Forwarded-For to believe when telling client
   * addresses apart. Off by default, so a client cannot pick its own address.
   */
  trustProxy?: boolean | number | string | string[]
}

/** Builds the API without listening: tests drive it in-process, `workbook serve` puts it on loopback. */
export function createApp({
  tasks = new Map(),
  logger = console,
  apiKeys = [],
  checkPassword = async () => false,
  now = Date.now,
  trustProxy = false,
}: AppOptions = {}) {
  const app = express()
  // Lesson 11: a framework banner helps only an attacker looking for a known vulnerability.
  app.disable('x-powered-by')
  app.set('trust proxy', trustProxy)

  // Public and unlimited: load balancers and monitors poll it, and it costs next to nothing.
  app.get('/health', (req, res) => {
    res.json({ status: 'ok' })
  })

  // The key first, so a quota is always somebody's: requests without a valid key spend no one's.
  // TODO: then limit every client to TASKS_POLICY with rateLimit, before the body is parsed, so that
  // a refused request costs as little as possible. Whose bucket does a request spend from?
  app.use('/tasks', requireApiKey(apiKeys), express.json({ type: JSON_TYPE, limit: BODY_LIMIT }))

  app
    .route('/tasks')
    .get((req, res) => {
      const { owner } = callerOf(req)
      res.json({ items: [...tasks.values()].filter((task) => task.owner === owner) })
    })
    .post(requireMediaType(JSON_TYPE), (req, res) => {
      const task: Task = { id: randomUUID(), title: titleOf(req.body), owner: callerOf(req).owner, createdAt: new Date(now()).toISOString() }
      tasks.set(task.id, task)
      res.status(201).location(`/tasks/${task.id}`).json(task)
    })
    .all(methodNotAllowed('GET, HEAD, POST'))

  app
    .route('/tasks/:id')
    .get((req, res) => {
      const task = tasks.get(req.params.id)
      // Another client's task is exactly as absent as one that never existed (OWASP API1:2023).
      if (task?.owner !== callerOf(req).owner) throw new HttpProblem(404, `No task with id ${req.params.id}`)
      res.json(task)
    })
    .all(methodNotAllowed('GET, HEAD'))

  // TODO: limit POST /login with two policies, because guessing has two shapes (OWASP API2:2023):
  // LOGIN_POLICY per account and client address, LOGIN_ADDRESS_POLICY per client address.
  app
    .route('/login')
    .post(async (req, res) => {
      const credentials = basicCredentials(req)
      if (!credentials || !(await checkPassword(credentials.username, credentials.password))) {
        res.set('WWW-Authenticate', 'Basic realm="login", charset="UTF-8"')
        throw new HttpProblem(401, 'The user name or the password is wrong')
      }
      // TODO: only failed logins count.
      // A real API would start a session or issue a token here (lesson 09).
      res.json({ username: credentials.username })
    })
    .all(methodNotAllowed('POST'))

  app.use((req) => {
    throw new HttpProblem(404, `No route for ${req.method} ${req.path}`)
  })

  // Last, so that it sees every error: thrown in a handler, raised by the body parser, or rejected by a promise.
  app.use(problemHandler(logger))

  return app
}

/**
 * The client's address, as a bucket key. `req.ip` follows the trust proxy setting, so
 * X-Forwarded-For counts only when it comes from a proxy the app was told to trust.
 */
function clientAddress(req: Request): string {
  // TODO: one IPv6 client holds at least a /64 to rotate through (RFC 4291 §2.5.1), and an IPv4
  // client may arrive as ::ffff:192.0.2.9. One client, one key.
  return req.ip ?? ''
}

/** The title of a new task: 1 to 200 characters once trimmed, or a 400 that points at it (RFC 9457 §3). */
function titleOf(body: unknown): string {
  const title: unknown = (body as { title?: unknown } | undefined)?.title
  if (typeof title === 'string' && title.trim().length > 0 && title.length <= 200) return title.trim()
  const detail = 'title must be a string of 1 to 200 characters'
  throw new HttpProblem(400, detail, { errors: [{ detail, pointer: '#/title' }] })
}

/**
 * Lets a request through only when its body is of `type` (parameters such as charset are ignored);
 * otherwise answers 415 (RFC 9110 §15.5.16) and says what to send instead.
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

import { STATUS_CODES } from 'node:http'
import type { ErrorRequestHandler } from 'express'

/** What the app needs from a logger: `console` is one, and so is a pino logger. */
export interface Logger {
  error(...data: unknown[]): void
}

/**
 * An error a route handler throws when the client must hear about it. The one error handler turns
 * it into an RFC 9457 problem details response; handlers never write error bodies themselves.
 */
export class HttpProblem extends Error {
  /** The HTTP status code, repeated in the body (RFC 9457 §3.1.2). */
  readonly status: number
  /** What went wrong with this request, written for the client's developer (RFC 9457 §3.1.4). */
  readonly detail: string
  /** `type` and `title` of a problem type of our own (RFC 9457 §3.1.1, §3.1.3), and its extension members (§3.2). */
  readonly members: Record<string, unknown>

  constructor(status: number, detail: string, members: Record<string, unknown> = {}) {
    super(detail)
    this.status = status
    this.detail = detail
    this.members = members
  }
}

/**
 * The app's one error handler, registered after every route: errors thrown by handlers and errors
 * raised by Express and its body parser all leave as `application/problem+json` (RFC 9457 §3).
 */
export function problemHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    // Once the status line is sent, no problem can replace it; Express's own handler cuts the connection.
    if (res.headersSent) {
      next(error)
      return
    }
    let problem: Record<string, unknown> & { status: number }
    if (error instanceof HttpProblem) {
      problem = { status: error.status, detail: error.detail, ...error.members }
    } else if (isClientError(error)) {
      problem = { status: error.status, detail: clientErrorDetail(error) }
    } else {
      // A bug or a failed dependency: the stack is for the logs, never for the client (OWASP API8:2023).
      logger.error(error, `while handling ${req.method} ${req.path}`)
      problem = { status: 500, detail: 'The server could not handle this request. The failure has been logged.' }
    }
    // "about:blank" means "nothing beyond the status code", so its title is the status phrase (RFC 9457 §4.2.1).
    const body = { type: 'about:blank', title: STATUS_CODES[problem.status] ?? 'Error', ...problem }
    res.status(problem.status).type('application/problem+json').json(body)
  }
}

/**
 * Errors Express raises for a bad request (a path it cannot decode) and those of its body parser
 * (malformed JSON, a body over the limit, an unknown charset) follow the http-errors convention: a
 * 4xx `status`, and `expose: true` when their message is safe to show.
 */
interface ClientError extends Error {
  status: number
  expose?: boolean
  /** body-parser's name for the failure, e.g. "entity.too.large"; not a problem type. */
  type?: string
  limit?: number
}

function isClientError(error: unknown): error is ClientError {
  const status = (error as { status?: unknown } | null)?.status
  return error instanceof Error && typeof status === 'number' && status >= 400 && status < 500
}

function clientErrorDetail(error: ClientError): string {
  if (error.type === 'entity.too.large') return `The body is larger than this API accepts (${error.limit} bytes)`
  if (error.type === 'entity.parse.failed') return `The body is not valid JSON: ${error.message}`
  return error.expose ? error.message : (STATUS_CODES[error.status] ?? 'Bad request')
}

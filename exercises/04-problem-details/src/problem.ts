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
 * raised by Express and its body parser all end up here.
 */
export function problemHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    // TODO: answer an HttpProblem as application/problem+json with type, title, status and detail (RFC 9457 §3.1).
    // TODO: Express and its body parser raise errors with a 4xx `status` (malformed JSON, a body too large, ...): answer those as problems too.
    // TODO: anything else is a bug: log it with logger.error, and answer 500 with nothing of the error in the body (OWASP API8:2023).
    next(error)
  }
}

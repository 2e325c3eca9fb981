import type { RequestHandler } from 'express'
import type { DestinationStream } from 'pino'

/**
 * The access log, and `req.log` for everything else a request logs. Its lines follow the log
 * contract, which is what an SRE, a log pipeline and an alert may rely on:
 *
 * - one JSON object per line, with `level` (30 info, 40 warn for a client's mistake, 50 error for
 *   a failure someone must fix), `time` (epoch milliseconds on the app's clock) and `msg`;
 * - `requestId` and `traceId` on every line (and `spanId`, this service's span in the trace);
 * - once per request, the access line: `req.method`, `req.url` (the path, without the query
 *   string), `res.statusCode` and `responseTime` in milliseconds;
 * - on a failure, `err.type`, `err.message` and `err.stack`, causes included;
 * - never a credential, a token, a cookie, a password, a query string or a body.
 *
 * For now it writes one line of text per request, like morgan's "dev" format:
 * `2026-03-14T03:07:00.000Z GET /tasks 200 3ms`. Easy to read, impossible to query.
 */
export function httpLogger(stream: DestinationStream, now: () => number): RequestHandler {
  // TODO: one JSON object per line, as the contract says, with pino-http: return pinoHttp(options, stream),
  // with the time from `now` and each line's level chosen by the response's status.
  // TODO: the request's requestId and traceId on every line: contextOf(req) in context.ts has them.
  // TODO: only what the contract lists: no headers, no query string (OWASP Logging Cheat Sheet, "Data to exclude").
  return (req, res, next) => {
    const started = performance.now()
    res.on('finish', () => {
      const took = Math.round(performance.now() - started)
      stream.write(`${new Date(now()).toISOString()} ${req.method} ${req.originalUrl} ${res.statusCode} ${took}ms\n`)
    })
    next()
  }
}

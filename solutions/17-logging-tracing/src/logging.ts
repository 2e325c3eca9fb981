import type { DestinationStream } from 'pino'
import { pinoHttp } from 'pino-http'
import { contextOf } from './context.ts'

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
 */
export function httpLogger(stream: DestinationStream, now: () => number) {
  return pinoHttp(
    {
      // pino splices this text into each line as it is: a number is UTC by definition (ASVS 16.2.2).
      timestamp: () => `,"time":${now()}`,
      genReqId: (req) => contextOf(req).requestId,
      // Bound to the request's logger, so the access line and every req.log line carry them.
      customProps: (req) => {
        const { requestId, trace } = contextOf(req)
        return { requestId, traceId: trace.traceId, spanId: trace.spanId }
      },
      // Error level pages someone: keep it for failures, not for clients' 404s.
      customLogLevel: (req, res, error) => (error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
      serializers: {
        // An allowlist, not a list of secrets to hide: a header or parameter nobody thought of
        // (X-Api-Key, ?token=, a session cookie under a new name) stays out as well (OWASP Logging
        // Cheat Sheet, "Data to exclude"; ASVS 16.2.5). Tokens in URLs are a known leak (RFC 6750 §2.3).
        req: (req: { method: string; url: string }) => ({ method: req.method, url: req.url.split('?', 1)[0] }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    },
    stream,
  )
}

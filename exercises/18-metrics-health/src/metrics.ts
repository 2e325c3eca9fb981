import type { RequestHandler } from 'express'
import { Counter, type Registry } from 'prom-client'

/**
 * The RED metrics of every request (rate, errors, duration), registered in `registry`:
 *
 * - `http_requests_total{method, route, status}`, a counter: rate, and errors by status;
 * - `http_request_duration_seconds{method, route, status}`, a histogram: duration.
 *
 * `route` is the route template that matched (`/tasks/:id`), or one fixed value for a request no
 * route matched. `now` is the clock in epoch milliseconds; durations are measured on it.
 */
export function httpMetrics(registry: Registry, now: () => number): RequestHandler {
  const requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests answered, by method, route template and status code.',
    labelNames: ['method', 'route', 'status'],
    registers: [registry],
  })
  // TODO: the http_request_duration_seconds histogram, with the same labels and buckets in seconds.

  return (req, res, next) => {
    // TODO: note when the request arrived, on `now`.
    res.on('finish', () => {
      // TODO: label the route template that matched (req.route), not the path the client chose; and
      // one fixed value when no route matched. Then observe the duration, in seconds.
      requests.inc({ method: req.method, route: req.path, status: String(res.statusCode) })
    })
    next()
  }
}

import type { RequestHandler } from 'express'
import { Counter, Histogram, type Registry } from 'prom-client'

/**
 * The label of every request no route matched. One fixed value, never the path: each distinct
 * label value is a new time series, so a raw path lets any client create series without end
 * (Prometheus, "Naming": labels; "Instrumentation": "Do not overuse labels").
 */
export const UNMATCHED = 'unmatched'

/**
 * Buckets of the latency histogram, in seconds (Prometheus "Naming": base units). Dense around
 * 100–500 ms, where this API's latency objective will sit, and up to 10 s so that a hanging
 * dependency still lands in a finite bucket.
 */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

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
  const labelNames = ['method', 'route', 'status'] as const
  const requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests answered, by method, route template and status code.',
    labelNames,
    registers: [registry],
  })
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time from receiving an HTTP request to finishing its response, in seconds.',
    labelNames,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  })

  return (req, res, next) => {
    const started = now()
    // 'finish' fires once the response is handed to the OS, errors included: by then the router has
    // set req.route, and the problem handler has set the status.
    res.on('finish', () => {
      const labels = {
        method: req.method,
        // The template, not req.path: /tasks/42 and /tasks/43 are one route (bounded cardinality).
        route: req.route ? `${req.baseUrl}${String(req.route.path)}` : UNMATCHED,
        status: String(res.statusCode),
      }
      requests.inc(labels)
      duration.observe(labels, (now() - started) / 1000)
    })
    next()
  }
}

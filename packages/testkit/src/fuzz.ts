// Building fast-check's `unit: 'binary'` string generator takes about half a second, and exercise
// tests import the package index on every run: so the fuzzer is its own entry, `@workbook/testkit/fuzz`.
import { createServer, type Server } from 'node:http'
import type { Express } from 'express'
import fc from 'fast-check'
import request from 'supertest'
import { endpointsOf, type Endpoint } from './routes.ts'

export interface FuzzOptions {
  /** Generated requests per endpoint. */
  runs?: number
  /** Also require every 4xx/5xx to be application/problem+json (RFC 9457). */
  problemDetails?: boolean
  /** Fixes the random seed, to replay a failure. */
  seed?: number
}

const hostile = fc.constantFrom(
  '',
  ' ',
  '%',
  '%00',
  '..%2F..%2Fetc%2Fpasswd',
  'null',
  'undefined',
  '-1',
  '1e309',
  '9'.repeat(400),
  '__proto__',
  'constructor',
  '<script>',
  '{"a":',
  '\u0000',
  '💥',
)
const text = fc.oneof(hostile, fc.string({ maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 20 }))
const segment = text.map((value) => encodeURIComponent(value).slice(0, 300) || 'x')
const query = fc.dictionary(fc.oneof(hostile, fc.string({ maxLength: 10 }), fc.constantFrom('limit', 'cursor', 'done', 'a[b]', 'sort')), text, {
  maxKeys: 4,
})
const body = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value)),
  fc.record({ title: fc.jsonValue(), done: fc.jsonValue(), dueDate: fc.jsonValue(), url: fc.jsonValue() }, { requiredKeys: [] }).map((value) =>
    JSON.stringify(value),
  ),
  text,
)
// Header values limited to what HTTP lets a client send (RFC 9110 §5.5), or the client library refuses.
const headerValue = fc.oneof(hostile, fc.string({ maxLength: 60 })).map((value) => value.replace(/[^\x20-\x7e]/g, ''))
const headers = fc.record(
  {
    'content-type': fc.oneof(
      fc.constantFrom('application/json', 'application/merge-patch+json', 'text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=latin1'),
      headerValue,
    ),
    accept: fc.oneof(fc.constantFrom('application/json', 'text/html', '*/*'), headerValue),
    authorization: fc.oneof(fc.constantFrom('Bearer', 'Bearer ', 'Basic Zm9vOmJhcg==', 'Bearer a.b.c'), headerValue),
    'if-match': headerValue,
    'if-none-match': headerValue,
    'idempotency-key': headerValue,
    origin: fc.oneof(fc.constantFrom('null', 'https://evil.test'), headerValue),
  },
  { requiredKeys: [] },
)

/**
 * Sends generated malformed requests to every endpoint of a fresh app and fails on the first one
 * that breaks the rules a robust API keeps: never a 5xx, never a hang, and (when asked) every error
 * as problem details. fast-check shrinks a failure to a small reproducible request.
 */
export async function fuzzEndpoints(createApp: () => Express, options: FuzzOptions = {}): Promise<Endpoint[]> {
  const app = createApp()
  const endpoints = endpointsOf(app)
  const server: Server = createServer(app)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  try {
    // Two probes on paths that are most likely unknown, so the not-found handling is fuzzed too.
    const probes = [{ method: 'GET', path: '/:a/:b/:c' }, { method: 'POST', path: '/:a' }]
    for (const endpoint of [...endpoints, ...probes]) {
      const details = await fc.check(
        fc.asyncProperty(
          fc.array(segment, { minLength: 4, maxLength: 4 }),
          query,
          headers,
          body,
          async (segments, queryValues, headerValues, payload) => {
            const path = endpoint.path.replace(/:\w+/g, () => segments.shift() ?? 'x')
            let call = request(server)[endpoint.method.toLowerCase() as 'get'](path).query(queryValues).timeout(2000)
            for (const [name, value] of Object.entries(headerValues)) call = call.set(name, value)
            if (!['GET', 'HEAD', 'OPTIONS'].includes(endpoint.method)) call = call.send(payload)
            const response = await call.ok(() => true)
            const where = `${endpoint.method} ${path} answered ${response.status}`
            if (response.status >= 500) throw new Error(`${where}: a 5xx for a client's mistake`)
            if (options.problemDetails && response.status >= 400 && endpoint.method !== 'HEAD') {
              if (!/^application\/problem\+json/.test(response.headers['content-type'] ?? '')) {
                throw new Error(`${where} with Content-Type ${response.headers['content-type']}, not application/problem+json`)
              }
            }
          },
        ),
        { numRuns: options.runs ?? 200, seed: options.seed },
      )
      if (details.failed) {
        const reason = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance)
        throw new Error(`${reason}\n(smallest failing request found by fast-check; replay with seed ${details.seed})`)
      }
    }
  } finally {
    await new Promise((resolve) => server.close(resolve))
  }
  return endpoints
}

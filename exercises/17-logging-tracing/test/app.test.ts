import { expectProblem, fakeClock, type FakeClock } from '@workbook/testkit'
import request, { type Response as TestResponse } from 'supertest'
import { describe, expect, it } from 'vitest'
import { createApp } from '#src/app.ts'

/**
 * A log line as a log pipeline reads it. Only the fields of the log contract (src/logging.ts) are
 * named here; whatever else a line carries, the tests leave alone.
 */
interface LogLine {
  level?: unknown
  time?: unknown
  msg?: unknown
  requestId?: unknown
  traceId?: unknown
  req?: { method?: unknown; url?: unknown }
  res?: { statusCode?: unknown }
  responseTime?: unknown
  err?: { message?: unknown; stack?: unknown }
}

/** pino's level numbers. The contract says numbers; a line that names its level is read the same way. */
const LEVELS: Record<string, number> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60 }
const severity = (line: LogLine) => (typeof line.level === 'number' ? line.level : (LEVELS[String(line.level)] ?? Number.NaN))

/** The access line is the one line per request that reports its outcome. */
const isAccessLine = (line: LogLine) => typeof line.res?.statusCode === 'number'

/** The path of a logged `req.url`, whether or not the query string was kept. */
const pathOf = (url: unknown) => new URL(String(url), 'http://api.workbook.test').pathname

/** Everything the app writes to its log stream: raw text, to search for secrets, and parsed lines. */
class Logs {
  text = ''
  readonly stream = {
    write: (chunk: string) => {
      this.text += chunk
    },
  }

  /** Every line as JSON, as a log pipeline would parse it; a line that is not a JSON object fails the test. */
  lines(): LogLine[] {
    return this.text
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line, index) => {
        let parsed: unknown
        try {
          parsed = JSON.parse(line)
        } catch {
          expect.fail(`log line ${index + 1} is not JSON, so no log pipeline can query it: ${line.slice(0, 200)}`)
        }
        expect(typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed), `log line ${index + 1} is a JSON object`).toBe(true)
        return parsed as LogLine
      })
  }

  /** Sends one request and returns its response with the lines logged while it was handled. */
  async during(send: () => PromiseLike<TestResponse>): Promise<{ response: TestResponse; lines: LogLine[] }> {
    const before = this.lines().length
    const response = await send()
    return { response, lines: this.lines().slice(before) }
  }

  /** Sends one request and returns its only access line. */
  async accessLineOf(send: () => PromiseLike<TestResponse>): Promise<LogLine> {
    const { lines } = await this.during(send)
    const access = lines.filter(isAccessLine)
    expect(access, 'access lines (lines with res.statusCode) logged for one request').toHaveLength(1)
    return access[0]!
  }
}

const USER = { id: 'u_42', name: 'Ada Lovelace' }

/**
 * A fake users service, reached through the app's `fetch` option: nothing touches the network,
 * and each call the app makes is kept, headers and all, for the tests to read.
 */
function usersService(answer: () => Response | Promise<Response> = () => Response.json(USER)) {
  const calls: Request[] = []
  const fetch: typeof globalThis.fetch = async (input, init) => {
    calls.push(new Request(input, init))
    return answer()
  }
  return { fetch, calls }
}

function harness({ users = usersService(), clock = fakeClock('2026-03-14T03:07:00Z') }: { users?: ReturnType<typeof usersService>; clock?: FakeClock } = {}) {
  const logs = new Logs()
  const app = createApp({ logStream: logs.stream, now: clock.now, fetch: users.fetch })
  return { app, logs, users, clock }
}

type App = ReturnType<typeof createApp>

/** Creates a task assigned to u_42, so that GET /tasks/:id/assignee calls the users service. */
async function assignedTask(app: App): Promise<string> {
  const response = await request(app).post('/tasks').send({ title: 'Fix the pager', assignee: USER.id })
  expect(response.status, 'creating a task to work on').toBe(201)
  return (response.body as { id: string }).id
}

function askAssignee(app: App, id: string, headers: Record<string, string> = {}) {
  return request(app).get(`/tasks/${id}/assignee`).set(headers)
}

/** The only call the app made to the users service. */
function onlyCall(users: ReturnType<typeof usersService>): Request {
  expect(users.calls, 'calls to the users service').toHaveLength(1)
  return users.calls[0]!
}

// version 00 as this service must send it: 2, 32, 16 and 2 lowercase hex digits (W3C Trace Context §3.2.2).
const TRACEPARENT_00 = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/
const ALL_ZEROS = /^0+$/

/** The trace a call carries, checked against the format of §3.2.2. */
function traceOf(call: Request): { traceId: string; parentId: string; flags: string } {
  const header = call.headers.get('traceparent')
  expect(header, 'the call to the users service carries a version 00 traceparent (W3C Trace Context §3.2.2, §3.4)').toMatch(TRACEPARENT_00)
  const [, traceId = '', parentId = '', flags = ''] = TRACEPARENT_00.exec(header ?? '') ?? []
  expect(traceId, 'an all-zero trace-id is invalid (§3.2.2.3)').not.toMatch(ALL_ZEROS)
  expect(parentId, 'an all-zero parent-id is invalid (§3.2.2.4)').not.toMatch(ALL_ZEROS)
  return { traceId, parentId, flags }
}

// The examples of W3C Trace Context §3.2.3.
const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736'
const PARENT_ID = '00f067aa0ba902b7'
const SAMPLED = `00-${TRACE_ID}-${PARENT_ID}-01`
const NOT_SAMPLED = `00-${TRACE_ID}-${PARENT_ID}-00`
const TRACESTATE = 'congo=t61rcWkgMzE,rojo=00f067aa0ba902b7'

/** What a generated request id may look like: long enough to be unguessable, inert everywhere. */
const FRESH_ID = /^[A-Za-z0-9._-]{16,128}$/

describe('json-logs', () => {
  it('each request writes exactly one access line, a JSON object with level, time and msg (ASVS 16.2.4)', async () => {
    const { app, logs } = harness()
    for (const path of ['/health', '/tasks', '/no-such-route']) {
      const line = await logs.accessLineOf(() => request(app).get(path))
      expect(line, `the access line of GET ${path}`).toMatchObject({ level: expect.anything(), time: expect.anything(), msg: expect.any(String) })
    }
  })

  it('the access line names the request and its outcome: req.method, req.url, res.statusCode and responseTime in ms', async () => {
    const { app, logs } = harness()
    const created = await logs.accessLineOf(() => request(app).post('/tasks').send({ title: 'Fix the pager' }))
    expect(created.req?.method).toBe('POST')
    expect(pathOf(created.req?.url)).toBe('/tasks')
    expect(created.res?.statusCode).toBe(201)
    expect(created.responseTime, 'responseTime in milliseconds').toBeTypeOf('number')
    expect(created.responseTime as number).toBeGreaterThanOrEqual(0)

    const listed = await logs.accessLineOf(() => request(app).get('/tasks?limit=5'))
    expect([listed.req?.method, pathOf(listed.req?.url), listed.res?.statusCode]).toEqual(['GET', '/tasks', 200])
  })

  it("time is when the line was written, on the app's clock, in UTC: epoch milliseconds or RFC 3339 with an offset (ASVS 16.2.2)", async () => {
    const { app, logs, clock } = harness()
    const first = await logs.accessLineOf(() => request(app).get('/health'))
    clock.advance(90_000)
    const second = await logs.accessLineOf(() => request(app).get('/health'))
    expect([timeOf(first), timeOf(second)]).toEqual([Date.parse('2026-03-14T03:07:00Z'), Date.parse('2026-03-14T03:08:30Z')])
  })

  it("levels say who must act: a 2xx is info (30), a client's 4xx stays below error, a 5xx is error (50)", async () => {
    const { app, logs } = harness({ users: usersService(() => new Response('Service Unavailable', { status: 503 })) })
    const id = await assignedTask(app)
    const ok = await logs.accessLineOf(() => request(app).get('/health'))
    const notFound = await logs.accessLineOf(() => request(app).get('/tasks/no-such-task'))
    const failed = await logs.accessLineOf(() => askAssignee(app, id))
    expect(failed.res?.statusCode, 'a users service answering 503 makes GET /tasks/:id/assignee a 502').toBe(502)
    expect(severity(ok), 'level of a 200').toBe(30)
    expect(severity(notFound), 'level of a 404').toBeGreaterThanOrEqual(30)
    expect(severity(notFound), "a client's 404 must not page anyone").toBeLessThan(50)
    expect(severity(failed), 'level of a 502').toBeGreaterThanOrEqual(50)
  })

  it('a failing users service answers 502 without internals and is logged at error level with its cause and stack (ASVS 16.3.4, 16.5.1)', async () => {
    const { app, logs } = harness({ users: usersService(() => Promise.reject(new Error('connect ECONNREFUSED 10.20.30.40:8080'))) })
    const id = await assignedTask(app)
    const { response, lines } = await logs.during(() => askAssignee(app, id))
    expectProblem(response, 502)
    expect(response.text, 'the client learns nothing of the cause (OWASP API8:2023)').not.toMatch(/ECONNREFUSED|10\.20\.30\.40/)
    const failure = lines.find((line) => severity(line) >= 50 && typeof line.err?.stack === 'string')
    expect(failure, 'a line at level error (50) with err.stack').toBeDefined()
    expect(JSON.stringify(failure?.err), 'the logged error names what really failed').toContain('ECONNREFUSED 10.20.30.40:8080')
    expect(failure?.err?.stack, 'err.stack is a stack trace').toMatch(/\n\s+at /)
  })
})

describe('request-ids', () => {
  it('a request without X-Request-Id gets a new one in the response, different for every request', async () => {
    const { app } = harness()
    const ids: string[] = []
    for (let sent = 0; sent < 3; sent++) {
      const response = await request(app).get('/health')
      expect(response.headers['x-request-id'], 'X-Request-Id of the response').toMatch(FRESH_ID)
      ids.push(response.headers['x-request-id'] as string)
    }
    expect(new Set(ids).size, 'distinct ids for three requests').toBe(3)
  })

  it("a safe X-Request-Id from the caller is reused and echoed, so the caller's logs and ours name the same request", async () => {
    const { app, logs } = harness()
    for (const id of ['3f2b8c1e-9d4a-4e7b-8f6a-2c1d0e9b7a65', 'checkout-7f3a9c2e41b8', '01HZX3J9Q8K2M4N6P7R9S1T3V5']) {
      const response = await request(app).get('/health').set('X-Request-Id', id)
      expect(response.headers['x-request-id'], `X-Request-Id after sending ${id}`).toBe(id)
      expect(logs.lines().filter(isAccessLine).at(-1)?.requestId, 'requestId of the access line').toBe(id)
    }
  })

  it('an unsafe X-Request-Id is replaced, never echoed: too long, empty, or able to forge a log line, a header or markup (OWASP Logging Cheat Sheet, ASVS 16.4.1)', async () => {
    const { app, logs } = harness()
    const unsafe = ['a'.repeat(1000), '', 'two words', '<script>alert(1)</script>', '","level":60,"msg":"forged', 'req%0d%0aINFO forged', '${jndi:ldap://x}']
    for (const sent of unsafe) {
      const response = await request(app).get('/health').set('X-Request-Id', sent)
      const id = response.headers['x-request-id'] as string
      expect(id, `X-Request-Id after sending ${JSON.stringify(sent.slice(0, 40))}`).not.toBe(sent)
      expect(id, 'the replacement is a new id').toMatch(FRESH_ID)
      expect(logs.lines().filter(isAccessLine).at(-1)?.requestId, 'the access line names the replacement').toBe(id)
    }
  })

  it('every line logged for a request carries its requestId, the failure included', async () => {
    const { app, logs } = harness({ users: usersService(() => Promise.reject(new Error('socket hang up'))) })
    const task = await assignedTask(app)
    const { response, lines } = await logs.during(() => askAssignee(app, task, { 'X-Request-Id': 'incident-0307' }))
    expect(response.status).toBe(502)
    expect(lines.length, 'lines logged for the request').toBeGreaterThan(0)
    for (const line of lines) expect(line.requestId, `requestId of ${JSON.stringify(line).slice(0, 120)}`).toBe('incident-0307')
  })

  it('problem bodies carry the requestId as an extension member, so a client can quote it to support (RFC 9457 §3.2)', async () => {
    const { app } = harness({ users: usersService(() => new Response('Bad Gateway', { status: 502 })) })
    const task = await assignedTask(app)
    const failures = [
      [404, () => request(app).get('/no-such-route')],
      [400, () => request(app).post('/tasks').send({ title: '' })],
      [502, () => askAssignee(app, task)],
    ] as const
    for (const [status, send] of failures) {
      const response = await send()
      const problem = expectProblem(response, status)
      expect(problem.requestId, `requestId of the ${status} problem`).toBe(response.headers['x-request-id'])
    }
  })

  it('the call to the users service carries the same X-Request-Id, so its logs and ours name the same request', async () => {
    const { app, users } = harness()
    const task = await assignedTask(app)
    const response = await askAssignee(app, task, { 'X-Request-Id': 'checkout-7f3a9c2e41b8' })
    expect(response.status).toBe(200)
    expect(response.body).toEqual(USER)
    expect(onlyCall(users).headers.get('x-request-id')).toBe('checkout-7f3a9c2e41b8')
  })
})

describe('trace-context', () => {
  it("a valid traceparent is continued: the users service gets the same trace-id with this service's new parent-id (W3C Trace Context §3.4)", async () => {
    const { app, users } = harness()
    const task = await assignedTask(app)
    expect((await askAssignee(app, task, { traceparent: SAMPLED })).status).toBe(200)
    const sent = traceOf(onlyCall(users))
    expect(sent.traceId, 'trace-id, kept from the caller').toBe(TRACE_ID)
    expect(sent.parentId, "parent-id: this service's span, not the caller's").not.toBe(PARENT_ID)
  })

  it('the sampled flag travels on: 01 stays 01 and 00 stays 00 (§3.2.2.5.1)', async () => {
    for (const [traceparent, flags] of [
      [SAMPLED, '01'],
      [NOT_SAMPLED, '00'],
    ] as const) {
      const { app, users } = harness()
      const task = await assignedTask(app)
      await askAssignee(app, task, { traceparent })
      expect(traceOf(onlyCall(users)).flags, `flags sent on after receiving ${traceparent}`).toBe(flags)
    }
  })

  it('tracestate travels on unchanged with the trace it belongs to (§3.5)', async () => {
    const { app, users } = harness()
    const task = await assignedTask(app)
    await askAssignee(app, task, { traceparent: SAMPLED, tracestate: TRACESTATE })
    expect(onlyCall(users).headers.get('tracestate')).toBe(TRACESTATE)
  })

  it('without a traceparent the service starts a trace: the users service gets a valid new one, a new trace-id each time (§4.2)', async () => {
    const { app, users } = harness()
    const task = await assignedTask(app)
    await askAssignee(app, task)
    await askAssignee(app, task)
    expect(users.calls).toHaveLength(2)
    const [first, second] = users.calls.map(traceOf)
    expect(first!.traceId, 'two requests, two traces').not.toBe(second!.traceId)
  })

  it('an invalid traceparent starts a new trace, and the caller\'s tracestate is dropped with it (§3.2.2, §3.4 "Restart trace", §4.2, §4.3)', async () => {
    const invalid = [
      `00-${TRACE_ID.toUpperCase()}-${PARENT_ID.toUpperCase()}-01`,
      `00-${TRACE_ID.slice(1)}-${PARENT_ID}-01`,
      `00-${TRACE_ID}-${PARENT_ID}0-01`,
      `00-${TRACE_ID}-${PARENT_ID}-1`,
      `00-${TRACE_ID.slice(0, -1)}g-${PARENT_ID}-01`,
      `ff-${TRACE_ID}-${PARENT_ID}-01`,
      `00-${'0'.repeat(32)}-${PARENT_ID}-01`,
      `00-${TRACE_ID}-${'0'.repeat(16)}-01`,
      `00-${TRACE_ID}-${PARENT_ID}-01-what-the-future-will-not-be-like`,
      `${SAMPLED}, 00-${'1'.repeat(32)}-${PARENT_ID}-01`,
      'hello',
    ]
    for (const traceparent of invalid) {
      const { app, users } = harness()
      const task = await assignedTask(app)
      await askAssignee(app, task, { traceparent, tracestate: TRACESTATE })
      const call = onlyCall(users)
      expect(traceOf(call).traceId, `trace-id sent on after receiving ${traceparent}`).not.toMatch(new RegExp(`^(${TRACE_ID}|0+|1+)$`, 'i'))
      expect(call.headers.get('tracestate'), `tracestate sent on after receiving ${traceparent}`).toBeNull()
    }
    const { app, users } = harness()
    const task = await assignedTask(app)
    await askAssignee(app, task, { tracestate: TRACESTATE })
    expect(onlyCall(users).headers.get('tracestate'), 'a tracestate without a traceparent is discarded (§4.2)').toBeNull()
  })

  it("every log line carries the traceId, the caller's when the trace was continued, so logs and traces join up", async () => {
    const { app, logs, users } = harness()
    const continued = await logs.accessLineOf(() => request(app).get('/health').set('traceparent', SAMPLED))
    expect(continued.traceId, 'traceId after a valid traceparent').toBe(TRACE_ID)

    const task = await assignedTask(app)
    const { lines } = await logs.during(() => askAssignee(app, task))
    const started = traceOf(onlyCall(users)).traceId
    expect(lines.length, 'lines logged for the request').toBeGreaterThan(0)
    for (const line of lines) expect(line.traceId, 'traceId of a new trace: the one sent to the users service').toBe(started)
  })
})

describe('redaction', () => {
  const BEARER = 'tok_live_9f8e7d6c5b4a3f2e'
  const SESSION = 'sess_3c2b1a0f9e8d7c6b'
  const API_KEY = 'key_0a1b2c3d4e5f6a7b'

  function expectNoneLogged(logs: Logs, secrets: string[]) {
    for (const secret of secrets) expect(logs.text, `the logs contain ${secret}`).not.toContain(secret)
  }

  it('Authorization, Cookie and X-Api-Key values never reach the logs, and the request is still logged (OWASP Logging Cheat Sheet, ASVS 16.2.5)', async () => {
    const { app, logs } = harness()
    const line = await logs.accessLineOf(() =>
      request(app).get('/tasks').set('Authorization', `Bearer ${BEARER}`).set('Cookie', `session=${SESSION}; theme=dark`).set('X-Api-Key', API_KEY),
    )
    expect(line.res?.statusCode).toBe(200)
    expectNoneLogged(logs, [BEARER, SESSION, API_KEY])
  })

  it('tokens in the query string never reach the logs, and the path still does (RFC 6750 §2.3)', async () => {
    const { app, logs } = harness()
    const line = await logs.accessLineOf(() => request(app).get('/tasks').query({ access_token: BEARER, api_key: API_KEY, limit: 5 }))
    expect(pathOf(line.req?.url)).toBe('/tasks')
    expectNoneLogged(logs, [BEARER, API_KEY])
  })

  it('a password or token in a JSON body never reaches the logs', async () => {
    const { app, logs } = harness()
    const line = await logs.accessLineOf(() => request(app).post('/tasks').send({ title: 'Rotate keys', password: 'correct-horse-battery-staple', token: BEARER }))
    expect(line.res?.statusCode, 'unknown fields are refused').toBe(400)
    expectNoneLogged(logs, ['correct-horse-battery-staple', BEARER])
  })

  it("a failure's error line leaves the request's credentials out too", async () => {
    const { app, logs } = harness({ users: usersService(() => Promise.reject(new Error('connect ETIMEDOUT'))) })
    const task = await assignedTask(app)
    const { lines } = await logs.during(() =>
      request(app).get(`/tasks/${task}/assignee`).query({ access_token: BEARER }).set('Authorization', `Bearer ${BEARER}`).set('Cookie', `session=${SESSION}`),
    )
    expect(lines.some((line) => severity(line) >= 50), 'the failure is logged at error level').toBe(true)
    expectNoneLogged(logs, [BEARER, SESSION])
  })
})

/** A line's `time` in epoch milliseconds. A string must carry its offset: without one it is someone's local time. */
function timeOf(line: LogLine): number {
  if (typeof line.time === 'number') return line.time
  expect(line.time, 'time is epoch milliseconds, or RFC 3339 with Z or an offset').toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/)
  return Date.parse(line.time as string)
}

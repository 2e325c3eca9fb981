import { randomUUID } from 'node:crypto'
import { expectProblem, fakeClock, parseCacheControl, type FakeClock } from '@workbook/testkit'
import type { Express } from 'express'
import request from 'supertest'
import { describe, expect, it } from 'vitest'
import { createApp } from '#src/app.ts'
import type { Task, TaskStore } from '#src/task.ts'

/** One sample line of the text exposition format: `name{label="value",...} value [timestamp]`. */
interface Sample {
  name: string
  labels: Record<string, string>
  value: number
}

/** What a scrape gives Prometheus: the samples, and each family's `# HELP` and `# TYPE`. */
interface Exposition {
  help: Map<string, string>
  type: Map<string, string>
  samples: Sample[]
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/
const LABEL = /^([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\n]|\\[\\"n])*)"/

/**
 * A small parser of the Prometheus text exposition format 0.0.4: every line is a comment (`# HELP`,
 * `# TYPE` or other), blank, or one sample; anything else fails the test, as it would fail a scrape.
 */
function parseExposition(text: string): Exposition {
  const exposition: Exposition = { help: new Map(), type: new Map(), samples: [] }
  for (const [index, line] of text.split('\n').entries()) {
    const where = `line ${index + 1} of /metrics: ${line.slice(0, 120)}`
    if (line.trim() === '') continue
    if (line.startsWith('#')) {
      const [, keyword, name, rest] = /^#\s+(HELP|TYPE)\s+(\S+)\s*(.*)$/.exec(line) ?? []
      if (keyword === 'HELP') exposition.help.set(name!, rest!)
      if (keyword === 'TYPE') {
        expect(['counter', 'gauge', 'histogram', 'summary', 'untyped'], where).toContain(rest)
        const ofFamily = (sample: Sample) => sample.name === name || sample.name.replace(/_(bucket|sum|count)$/, '') === name
        expect(exposition.samples.some(ofFamily), `# TYPE comes before the first sample of ${name}`).toBe(false)
        exposition.type.set(name!, rest!)
      }
      continue
    }
    const [, name = '', labelText, valueText = ''] = /^(\S+?)(?:\{(.*)\})?\s+(\S+)(?:\s+-?\d+)?$/.exec(line) ?? expect.fail(`not a sample, ${where}`)
    expect(name, `metric name, ${where}`).toMatch(METRIC_NAME)
    const labels: Record<string, string> = {}
    let rest = labelText ?? ''
    while (rest !== '') {
      const match = LABEL.exec(rest) ?? expect.fail(`not a label list, ${where}`)
      labels[match[1]!] = match[2]!.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c))
      rest = rest.slice(match[0].length).replace(/^,/, '')
    }
    const value = valueText === '+Inf' ? Infinity : valueText === '-Inf' ? -Infinity : Number(valueText)
    expect(valueText === 'NaN' || !Number.isNaN(value), `sample value, ${where}`).toBe(true)
    exposition.samples.push({ name, labels, value })
  }
  return exposition
}

/** The family a sample belongs to: a histogram's `_bucket`, `_sum` and `_count` belong to the histogram. */
function familyOf(name: string, exposition: Exposition): string {
  if (exposition.type.has(name)) return name
  const base = name.replace(/_(bucket|sum|count)$/, '')
  return ['histogram', 'summary'].includes(exposition.type.get(base) ?? '') ? base : name
}

/** Scrapes the app as Prometheus would. */
async function scrape(app: Express): Promise<Exposition> {
  const response = await request(app).get('/metrics').expect(200)
  return parseExposition(response.text)
}

/** The samples named `name` whose labels include `labels`. */
function samples(exposition: Exposition, name: string, labels: Record<string, string> = {}): Sample[] {
  return exposition.samples.filter((sample) => sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value))
}

/** The value of the one sample named `name` with `labels`; fails when there is none or several. */
function valueOf(exposition: Exposition, name: string, labels: Record<string, string>): number {
  const found = samples(exposition, name, labels)
  expect(found, `one ${name} sample with ${JSON.stringify(labels)}`).toHaveLength(1)
  return found[0]!.value
}

/**
 * A task store that takes `delay` milliseconds of the fake clock for every call, and fails every
 * call while `failing` is set: a database, as far as the API can tell.
 */
function fakeStore(clock: FakeClock): TaskStore & { delay: number; failing: boolean } {
  const tasks = new Map<string, Task>()
  const store = {
    delay: 0,
    failing: false,
    list: () => call(() => [...tasks.values()]),
    get: (id: string) => call(() => tasks.get(id)),
    add: (task: Task) => call(() => void tasks.set(task.id, task)),
  }
  async function call<T>(result: () => T): Promise<T> {
    clock.advance(store.delay)
    if (store.failing) throw new Error('connection to the database lost')
    return result()
  }
  return store
}

/** Failures are logged as lesson 11 taught; the tests keep them out of the report. */
const logger = { error() {} }

function setup() {
  const clock = fakeClock()
  const store = fakeStore(clock)
  const app = createApp({ now: clock.now, store, logger })
  return { app, clock, store }
}

describe('exposition', () => {
  it('GET /metrics responds 200 in the Prometheus text format, Content-Type text/plain; version=0.0.4 (Prometheus exposition formats)', async () => {
    const response = await request(createApp()).get('/metrics')
    expect(response.status).toBe(200)
    const [type, ...parameters] = (response.headers['content-type'] ?? '').split(';').map((part: string) => part.trim().toLowerCase())
    expect(type, 'media type').toBe('text/plain')
    expect(parameters, 'format version parameter').toContain('version=0.0.4')
  })

  it('every sample belongs to a metric family announced by # HELP and # TYPE lines (Prometheus exposition formats)', async () => {
    const { app } = setup()
    await request(app).get('/tasks').expect(200)
    const exposition = await scrape(app)
    expect(exposition.samples.length, 'samples after one request').toBeGreaterThan(0)
    for (const sample of exposition.samples) {
      const family = familyOf(sample.name, exposition)
      expect(exposition.type.has(family), `# TYPE line for ${sample.name}`).toBe(true)
      expect(exposition.help.get(family), `# HELP line for ${sample.name}`).toMatch(/\S/)
    }
  })

  it('each app counts only its own requests: a fresh registry per app, never a shared global one', async () => {
    const first = setup().app
    const second = setup().app
    for (let i = 0; i < 3; i++) await request(first).get('/tasks').expect(200)
    await request(second).get('/tasks').expect(200)
    const counted = (exposition: Exposition) => samples(exposition, 'http_requests_total').reduce((sum, sample) => sum + sample.value, 0)
    expect(counted(await scrape(first)), 'requests counted by the first app').toBe(3)
    expect(counted(await scrape(second)), 'requests counted by the second app').toBe(1)
  })
})

describe('request-metrics', () => {
  it('http_requests_total is a counter, named with the _total suffix (Prometheus naming)', async () => {
    const { app } = setup()
    await request(app).get('/tasks').expect(200)
    const exposition = await scrape(app)
    expect(exposition.type.get('http_requests_total')).toBe('counter')
    expect(valueOf(exposition, 'http_requests_total', { method: 'GET', route: '/tasks', status: '200' })).toBe(1)
  })

  it('GET /tasks/1 and GET /tasks/2 are counted as one series, route="/tasks/:id": the route template, never the path (Prometheus: label cardinality)', async () => {
    const { app } = setup()
    const created = await request(app).post('/tasks').send({ title: 'Graph the latency' }).expect(201)
    await request(app).get(`/tasks/${created.body.id}`).expect(200)
    await request(app).get('/tasks/1').expect(404)
    await request(app).get('/tasks/2').expect(404)
    const exposition = await scrape(app)
    expect(valueOf(exposition, 'http_requests_total', { method: 'GET', route: '/tasks/:id', status: '200' })).toBe(1)
    expect(valueOf(exposition, 'http_requests_total', { method: 'GET', route: '/tasks/:id', status: '404' })).toBe(2)
    const routes = new Set(samples(exposition, 'http_requests_total').map((sample) => sample.labels.route))
    expect([...routes].sort(), 'route label values').toEqual(['/tasks', '/tasks/:id'])
  })

  it('each request is counted once by method and status code: POST /tasks 201, 400 and 415 (RED: rate and errors)', async () => {
    const { app } = setup()
    await request(app).post('/tasks').send({ title: 'One' }).expect(201)
    await request(app).post('/tasks').send({ title: 'Two' }).expect(201)
    await request(app).post('/tasks').send({ title: '' }).expect(400)
    await request(app).post('/tasks').set('Content-Type', 'text/plain').send('Three').expect(415)
    const exposition = await scrape(app)
    expect(valueOf(exposition, 'http_requests_total', { method: 'POST', route: '/tasks', status: '201' })).toBe(2)
    expect(valueOf(exposition, 'http_requests_total', { method: 'POST', route: '/tasks', status: '400' })).toBe(1)
    expect(valueOf(exposition, 'http_requests_total', { method: 'POST', route: '/tasks', status: '415' })).toBe(1)
  })

  it('a request that fails with 500 is counted with status="500", the error rate an SRE alerts on (RED: errors)', async () => {
    const { app, store } = setup()
    store.failing = true
    await request(app).get('/tasks').expect(500)
    await request(app).get('/tasks/7').expect(500)
    const exposition = await scrape(app)
    expect(valueOf(exposition, 'http_requests_total', { method: 'GET', route: '/tasks', status: '500' })).toBe(1)
    expect(valueOf(exposition, 'http_requests_total', { method: 'GET', route: '/tasks/:id', status: '500' })).toBe(1)
  })

  it('requests no route matches share one fixed route label: 50 random paths add one series, not 50 (Prometheus: label cardinality)', async () => {
    const { app } = setup()
    const marker = `probe${randomUUID().slice(0, 8)}`
    for (let i = 0; i < 50; i++) await request(app).get(`/${marker}-${i}/${randomUUID()}`).expect(404)
    const exposition = await scrape(app)
    const unmatched = samples(exposition, 'http_requests_total', { method: 'GET', status: '404' })
    expect(unmatched, 'series of the 50 unmatched requests').toHaveLength(1)
    expect(unmatched[0]!.value).toBe(50)
    const values = exposition.samples.flatMap((sample) => Object.values(sample.labels))
    expect(values.filter((value) => value.includes(marker)), 'label values taken from the request path').toEqual([])
  })
})

describe('latency-histogram', () => {
  it('http_request_duration_seconds is a histogram in seconds: a 250 ms request adds 0.25 to _sum and 1 to _count (Prometheus naming: base units)', async () => {
    const { app, store } = setup()
    store.delay = 250
    await request(app).get('/tasks').expect(200)
    const exposition = await scrape(app)
    expect(exposition.type.get('http_request_duration_seconds')).toBe('histogram')
    const labels = { method: 'GET', route: '/tasks', status: '200' }
    expect(valueOf(exposition, 'http_request_duration_seconds_count', labels)).toBe(1)
    expect(valueOf(exposition, 'http_request_duration_seconds_sum', labels)).toBeCloseTo(0.25, 6)
  })

  it('each bucket counts the requests at or below its le bound, le="+Inf" counts them all, and the buckets tell 30 ms, 250 ms and 2.5 s apart', async () => {
    const { app, store } = setup()
    const durations = [0.03, 0.25, 2.5]
    for (const seconds of durations) {
      store.delay = seconds * 1000
      await request(app).get('/tasks').expect(200)
    }
    const exposition = await scrape(app)
    const buckets = samples(exposition, 'http_request_duration_seconds_bucket', { method: 'GET', route: '/tasks', status: '200' })
    const bounds = buckets.map((bucket) => Number(bucket.labels.le === '+Inf' ? Infinity : bucket.labels.le))
    expect(bounds, 'the le="+Inf" bucket').toContain(Infinity)
    for (const [i, bucket] of buckets.entries()) {
      expect(bucket.value, `requests in the bucket le="${bucket.labels.le}"`).toBe(durations.filter((seconds) => seconds <= bounds[i]!).length)
    }
    expect(bounds.some((le) => le >= 0.03 && le < 0.25), 'a bucket that separates 30 ms from 250 ms').toBe(true)
    expect(bounds.some((le) => le >= 0.25 && le < 2.5), 'a bucket that separates 250 ms from 2.5 s').toBe(true)
    expect(bounds.some((le) => le >= 2.5 && le < Infinity), 'a finite bucket for 2.5 s').toBe(true)
    expect(valueOf(exposition, 'http_request_duration_seconds_count', { method: 'GET', route: '/tasks', status: '200' })).toBe(3)
  })

  it('a failed request is timed too, under its route template and status="500": slow failures are still failures (RED: duration)', async () => {
    const { app, store } = setup()
    store.delay = 100
    store.failing = true
    await request(app).get('/tasks/42').expect(500)
    const exposition = await scrape(app)
    const labels = { method: 'GET', route: '/tasks/:id', status: '500' }
    expect(valueOf(exposition, 'http_request_duration_seconds_count', labels)).toBe(1)
    expect(valueOf(exposition, 'http_request_duration_seconds_sum', labels)).toBeCloseTo(0.1, 6)
  })
})

describe('health-probes', () => {
  /** A check that counts its calls and passes while `up` is set. */
  function dependency() {
    const state = {
      up: true,
      calls: 0,
      check: async () => {
        state.calls++
        if (!state.up) throw new Error('connect ECONNREFUSED 10.0.0.7:5432')
      },
    }
    return state
  }

  it('GET /livez responds 200 while the database is down, and runs no dependency check (Kubernetes: liveness probe)', async () => {
    const database = dependency()
    database.up = false
    const app = createApp({ checks: { database: database.check } })
    const response = await request(app).get('/livez')
    expect(response.status).toBe(200)
    expect(database.calls, 'database checks run by GET /livez').toBe(0)
  })

  it('GET /readyz responds 200 when every check passes, and runs each check (Kubernetes: readiness probe)', async () => {
    const database = dependency()
    const cache = dependency()
    const response = await request(createApp({ checks: { database: database.check, cache: cache.check } })).get('/readyz')
    expect(response.status).toBe(200)
    expect([database.calls, cache.calls], 'calls of each check').toEqual([1, 1])
  })

  it('GET /readyz responds 503 problem+json naming each failing check when a check rejects or resolves false (RFC 9110 §15.6.4, RFC 9457 §3.2)', async () => {
    const database = dependency()
    database.up = false
    const app = createApp({ checks: { database: database.check, queue: async () => false, cache: async () => true } })
    const problem = expectProblem(await request(app).get('/readyz'), 503)
    expect(problem.checks, 'the checks member').toEqual({ database: 'fail', queue: 'fail', cache: 'pass' })
  })

  it('GET /readyz fails a check that never settles within the check timeout, instead of hanging the probe', async () => {
    const app = createApp({ checks: { database: () => new Promise(() => {}), cache: async () => true }, checkTimeoutMs: 20 })
    const problem = expectProblem(await request(app).get('/readyz').timeout(1000), 503)
    expect(problem.checks, 'the checks member').toEqual({ database: 'fail', cache: 'pass' })
  })

  it('GET /readyz checks again on every probe: 200, then 503 while the database is down, then 200 once it is back', async () => {
    const database = dependency()
    const app = createApp({ checks: { database: database.check } })
    expect((await request(app).get('/readyz')).status).toBe(200)
    database.up = false
    expectProblem(await request(app).get('/readyz'), 503)
    database.up = true
    expect((await request(app).get('/readyz')).status).toBe(200)
  })

  it('both probes answer with Cache-Control: no-store, ready or not, so no cache replays a stale answer (RFC 9111 §5.2.2.5)', async () => {
    const database = dependency()
    const app = createApp({ checks: { database: database.check } })
    const responses = [['GET /livez', await request(app).get('/livez')], ['GET /readyz', await request(app).get('/readyz')]] as const
    database.up = false
    const unready = ['GET /readyz', await request(app).get('/readyz')] as const
    for (const [probe, response] of [...responses, unready]) {
      expect(parseCacheControl(response.headers['cache-control']).has('no-store'), `no-store on ${response.status} from ${probe}`).toBe(true)
    }
  })
})

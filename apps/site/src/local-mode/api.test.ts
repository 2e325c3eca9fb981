import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { localApi } from './api.ts'
import { makeScratchWorkbook, repoRoot } from './scratch.ts'
import type { ExerciseState, RunEvent } from './wire.ts'

const slug = '01-http-basics'
const exercise = JSON.parse(readFileSync(join(repoRoot, 'exercises', slug, 'exercise.json'), 'utf8')) as {
  steps: { id: string; hints: string[] }[]
}
const scratch = makeScratchWorkbook(mkdtempSync(fileURLToPath(new URL('../../.scratch-api-', import.meta.url))))
const errors: string[] = []
let server: Server
let port: number

beforeAll(async () => {
  const api = localApi({ root: scratch, logError: (message) => errors.push(message) })
  server = createServer((req, res) => api(req, res, () => res.writeHead(418).end('not the API')))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  port = (server.address() as AddressInfo).port
})
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve))
  rmSync(scratch, { recursive: true, force: true })
})

interface Answer {
  status: number
  headers: IncomingHttpHeaders
  body: string
  /** Milliseconds from sending to each chunk of the body. */
  chunks: { at: number; text: string }[]
  json(): any
}

/** A raw HTTP request, so that Host and Origin can be anything a browser or an attacker might send. */
function request(method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<Answer> {
  const sent = performance.now()
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method, path, headers: { host: `127.0.0.1:${port}`, ...headers } }, (res) => {
      const chunks: Answer['chunks'] = []
      res.setEncoding('utf8')
      res.on('data', (text: string) => chunks.push({ at: performance.now() - sent, text }))
      res.on('end', () => {
        const body = chunks.map((chunk) => chunk.text).join('')
        resolve({ status: res.statusCode!, headers: res.headers, body, chunks, json: () => JSON.parse(body) })
      })
    })
    req.on('error', reject)
    req.end(body)
  })
}

/** A request as the lesson page sends it: same origin, JSON body. */
const post = (path: string, body?: unknown) =>
  request(
    'POST',
    path,
    { origin: `http://127.0.0.1:${port}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body === undefined ? undefined : JSON.stringify(body),
  )

function events(answer: Answer): RunEvent[] {
  return answer.body
    .split('\n\n')
    .filter((block) => block.startsWith('event:'))
    .map((block) => {
      const [event, data] = block.split('\n')
      return { event: event!.slice('event: '.length), data: JSON.parse(data!.slice('data: '.length)) } as RunEvent
    })
}

const progress = () => JSON.parse(readFileSync(join(scratch, '.workbook', 'progress.json'), 'utf8')).exercises[slug]

function expectProblem(answer: Answer, status: number) {
  expect(answer.status).toBe(status)
  expect(answer.headers['content-type']).toBe('application/problem+json')
  expect(answer.json()).toMatchObject({ type: 'about:blank', status })
  expect(answer.json().detail).toEqual(expect.any(String))
}

describe('routing', () => {
  it('passes paths outside /__workbook/ on to the site', async () => {
    const answer = await request('GET', '/lessons/01-http-basics/')
    expect(answer.status).toBe(418)
  })

  it('responds 404 for an unknown path under /__workbook/', async () => {
    expectProblem(await request('GET', '/__workbook/nothing-here'), 404)
    expectProblem(await request('GET', `/__workbook/exercises/${slug}/nothing-here`), 404)
  })

  it('responds 405 with Allow for a method the resource does not answer', async () => {
    const answer = await request('DELETE', `/__workbook/exercises/${slug}`, { origin: `http://127.0.0.1:${port}` })
    expectProblem(answer, 405)
    expect(answer.headers.allow).toBe('GET, HEAD')
    expect((await request('GET', `/__workbook/exercises/${slug}/runs`)).headers.allow).toBe('POST')
  })
})

describe('GET /__workbook/exercises/:slug', () => {
  it('responds 200 with the state of an exercise not started yet', async () => {
    const answer = await request('GET', `/__workbook/exercises/${slug}`)
    expect(answer.status).toBe(200)
    expect(answer.headers['content-type']).toBe('application/json')
    expect(answer.headers['cache-control']).toBe('no-store')
    expect(answer.json()).toEqual({
      exercise: slug,
      started: false,
      practiceDir: `practice/${slug}`,
      files: [`practice/${slug}/src/app.ts`],
      status: null,
      steps: exercise.steps.map((step) => ({ id: step.id, status: null, hints: 0 })),
      running: false,
    } satisfies ExerciseState)
  })

  it('responds 404 for an exercise the workbook does not have', async () => {
    const answer = await request('GET', '/__workbook/exercises/02-resource-crud')
    expectProblem(answer, 404)
    expect(answer.json().detail).toContain('02-resource-crud')
  })

  it('answers HEAD like GET, without a body', async () => {
    const answer = await request('HEAD', `/__workbook/exercises/${slug}`)
    expect(answer.status).toBe(200)
    expect(answer.body).toBe('')
  })
})

describe('requests from other sites are refused', () => {
  it('responds 403 when Host is not a loopback name of this port (DNS rebinding)', async () => {
    for (const host of ['evil.example', `evil.example:${port}`, `127.0.0.1:${port + 1}`, `localhost.evil.example:${port}`]) {
      expectProblem(await request('GET', `/__workbook/exercises/${slug}`, { host }), 403)
    }
  })

  it('accepts every loopback name of this port', async () => {
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`, `LOCALHOST:${port}`]) {
      expect((await request('GET', `/__workbook/exercises/${slug}`, { host })).status).toBe(200)
    }
  })

  it('responds 403 to a change from another origin (cross-site request forgery)', async () => {
    for (const origin of ['https://evil.example', `http://localhost:${port + 1}`, `https://127.0.0.1:${port}`, 'null']) {
      const answer = await request('POST', `/__workbook/exercises/${slug}/practice`, { origin })
      expectProblem(answer, 403)
    }
    expect(existsSync(join(scratch, 'practice')), 'nothing was started').toBe(false)
  })

  it('responds 403 to a change that does not say where it comes from', async () => {
    expectProblem(await request('POST', `/__workbook/exercises/${slug}/practice`), 403)
    expectProblem(await request('POST', `/__workbook/exercises/${slug}/practice`, { 'sec-fetch-site': 'cross-site' }), 403)
    expectProblem(await request('POST', `/__workbook/exercises/${slug}/practice`, { 'sec-fetch-site': 'same-site' }), 403)
    expect(existsSync(join(scratch, 'practice')), 'nothing was started').toBe(false)
  })
})

describe('POST /__workbook/exercises/:slug/runs before the exercise is started', () => {
  it('responds 409 and says to start it first', async () => {
    const answer = await post(`/__workbook/exercises/${slug}/runs`)
    expectProblem(answer, 409)
    expect(answer.json().detail).toContain('start it first')
  })
})

describe('POST /__workbook/exercises/:slug/practice', () => {
  it('responds 201 and copies the starter into practice/', async () => {
    const answer = await post(`/__workbook/exercises/${slug}/practice`)
    expect(answer.status).toBe(201)
    expect(answer.json()).toMatchObject({ started: true, practiceDir: `practice/${slug}` })
    expect(readFileSync(join(scratch, 'practice', slug, 'src', 'app.ts'), 'utf8')).toContain('// TODO:')
    expect(progress().startedAt).toEqual(expect.any(String))
  })

  it('responds 200 the second time and leaves the learner’s files as they are', async () => {
    const file = join(scratch, 'practice', slug, 'src', 'app.ts')
    const before = readFileSync(file, 'utf8')
    const answer = await request('POST', `/__workbook/exercises/${slug}/practice`, { 'sec-fetch-site': 'same-origin' })
    expect(answer.status).toBe(200)
    expect(readFileSync(file, 'utf8')).toBe(before)
  })
})

describe('POST /__workbook/exercises/:slug/runs', () => {
  it('streams each test as it finishes, then the result per step, and records progress', async () => {
    const run = post(`/__workbook/exercises/${slug}/runs`)
    // Wait until the first run has been accepted, then try a second one.
    await expect.poll(async () => (await request('GET', `/__workbook/exercises/${slug}`)).json().running, { timeout: 30_000 }).toBe(true)
    const second = await post(`/__workbook/exercises/${slug}/runs`)
    expectProblem(second, 409)
    expect(second.json().detail).toContain('already running')

    const answer = await run
    expect(answer.status).toBe(200)
    expect(answer.headers['content-type']).toBe('text/event-stream')
    const stream = events(answer)
    const tests = stream.filter((event) => event.event === 'test')
    const last = stream.at(-1)!
    expect(last.event).toBe('result')
    if (last.event !== 'result') return
    expect(tests.map((event) => event.data.name)).toEqual(last.data.tests.map((test) => test.name))
    expect(last.data.status).toBe('fail')
    expect(last.data.steps[0]).toMatchObject({ id: 'health', status: 'fail', passed: expect.any(Number), total: expect.any(Number) })
    const firstFailure = last.data.tests.find((test) => test.status !== 'pass')!
    expect(firstFailure.step).toBe('health')
    expect(firstFailure.message).toMatch(/\S/)
    // Streamed: the response began long before the result, while the tests were still starting.
    const resultChunk = answer.chunks.find((chunk) => chunk.text.includes('event: result'))!
    expect(answer.chunks[0]!.text).toContain(': run started')
    expect(resultChunk.at - answer.chunks[0]!.at).toBeGreaterThan(100)

    expect(progress()).toMatchObject({ status: 'fail', steps: { health: 'fail' } })
    const state = (await request('GET', `/__workbook/exercises/${slug}`)).json() as ExerciseState
    expect(state).toMatchObject({ status: 'fail', running: false })
    expect(state.steps[0]).toMatchObject({ id: 'health', status: 'fail' })
  })

  it('passes every step once the learner’s code is right', async () => {
    cpSync(join(scratch, 'solutions', slug, 'src'), join(scratch, 'practice', slug, 'src'), { recursive: true })
    const answer = await post(`/__workbook/exercises/${slug}/runs`)
    const last = events(answer).at(-1)!
    expect(last.event).toBe('result')
    if (last.event !== 'result') return
    expect(last.data.status).toBe('pass')
    expect(last.data.steps.every((step) => step.status === 'pass' && step.passed === step.total && step.total > 0)).toBe(true)
    expect(progress()).toMatchObject({ status: 'pass', passedAt: expect.any(String) })
  })
})

describe('POST /__workbook/exercises/:slug/hints', () => {
  const hints = `/__workbook/exercises/${slug}/hints`

  it('responds 200 and keeps the highest hint level seen per step', async () => {
    const answer = await post(hints, { step: 'not-found', level: 2 })
    expect(answer.status).toBe(200)
    expect((answer.json() as ExerciseState).steps.find((step) => step.id === 'not-found')!.hints).toBe(2)
    await post(hints, { step: 'not-found', level: 1 })
    expect(progress().hints).toEqual({ 'not-found': 2 })
  })

  it('responds 415 with Accept-Post when the body is not JSON', async () => {
    const answer = await request('POST', hints, { origin: `http://127.0.0.1:${port}`, 'content-type': 'text/plain' }, 'step=health')
    expectProblem(answer, 415)
    expect(answer.headers['accept-post']).toBe('application/json')
  })

  it('responds 400 when the body is malformed JSON', async () => {
    const answer = await request('POST', hints, { origin: `http://127.0.0.1:${port}`, 'content-type': 'application/json' }, '{"step":')
    expectProblem(answer, 400)
    expect(answer.json().detail).toContain('not valid JSON')
  })

  it('responds 400 with a JSON Pointer per offending field', async () => {
    const answer = await post(hints, { step: 7, level: 0, extra: true })
    expectProblem(answer, 400)
    expect(answer.json().errors.map((error: { pointer: string }) => error.pointer).sort()).toEqual(['/extra', '/level', '/step'])
  })

  it('responds 413 when the body is larger than 1 KB', async () => {
    expectProblem(await post(hints, { step: 'x'.repeat(2000), level: 1 }), 413)
  })

  it('responds 422 for a step the exercise does not have, or a level beyond its hints', async () => {
    const unknown = await post(hints, { step: 'no-such-step', level: 1 })
    expectProblem(unknown, 422)
    expect(unknown.json().errors).toEqual([{ pointer: '/step', detail: expect.stringContaining('health') }])
    const tooDeep = await post(hints, { step: 'health', level: exercise.steps[0]!.hints.length + 1 })
    expectProblem(tooDeep, 422)
    expect(tooDeep.json().errors[0].pointer).toBe('/level')
  })
})

describe('a root that is not a workbook', () => {
  it('responds 500 instead of falling back to the workbook around it', async () => {
    const logged: string[] = []
    const api = localApi({ root: join(scratch, 'missing'), logError: (message) => logged.push(message) })
    const other = createServer((req, res) => api(req, res, () => res.writeHead(418).end()))
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve))
    const otherPort = (other.address() as AddressInfo).port
    const answer = await new Promise<{ status: number; body: string }>((resolve) => {
      httpRequest({ host: '127.0.0.1', port: otherPort, path: `/__workbook/exercises/${slug}` }, (res) => {
        let body = ''
        res.on('data', (chunk) => (body += chunk))
        res.on('end', () => resolve({ status: res.statusCode!, body }))
      }).end()
    })
    await new Promise((resolve) => other.close(resolve))
    expect(answer.status).toBe(500)
    expect(answer.body, 'the details stay in the terminal').not.toContain('missing')
    expect(logged.join()).toContain('is not a workbook root')
  })
})

afterAll(() => {
  expect(errors, 'the API logged no failure of its own').toEqual([])
})

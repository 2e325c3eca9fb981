import { STATUS_CODES } from 'node:http'
import { expectProblem, type ProblemDetails } from '@workbook/testkit'
import request, { type Response } from 'supertest'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createApp } from '#src/app.ts'

let app: ReturnType<typeof createApp>

// A fresh app per test: its in-memory store starts empty, so no test sees another's tasks.
beforeEach(() => {
  app = createApp()
})

afterEach(() => {
  vi.restoreAllMocks()
})

const MERGE_PATCH = 'application/merge-patch+json'

/** RFC 9110 §15 renamed two status phrases that Node still spells the RFC 7231 way; either is fine. */
const RFC9110_PHRASES: Record<number, string> = { 413: 'Content Too Large', 422: 'Unprocessable Content' }

/**
 * Asserts the problem details this API promises for every error: RFC 9457 makes all members
 * optional, this API's contract makes `type`, `title`, `status` and `detail` mandatory.
 */
function expectFullProblem(response: Response, status: number) {
  const problem = expectProblem(response, status)
  expect(problem, 'type, title and detail (RFC 9457 §3.1)').toMatchObject({
    type: expect.any(String),
    title: expect.stringMatching(/\S/),
    detail: expect.stringMatching(/\S/),
  })
  const type = problem.type as string
  // A relative type resolves to a different URI under every path that answers it (RFC 9457 §3.1.1).
  expect(URL.canParse(type), `type ${JSON.stringify(type)} is an absolute URI (RFC 9457 §3.1.1)`).toBe(true)
  if (type === 'about:blank') {
    expect([STATUS_CODES[status], RFC9110_PHRASES[status]], 'title of an about:blank problem (RFC 9457 §4.2.1)').toContain(problem.title)
  }
  return problem
}

/**
 * The `errors` of a validation problem as JSON Pointers (RFC 6901 §5), decoded from the URI fragment
 * form (RFC 6901 §6) that RFC 9457 §3.1's example uses: "#/title" becomes "/title", "#" becomes "".
 */
function pointersOf(problem: ProblemDetails): string[] {
  expect(problem.errors, 'the errors extension member (RFC 9457 §3.2)').toBeInstanceOf(Array)
  const errors = problem.errors as unknown[]
  for (const error of errors) {
    expect(error, 'each error has a detail and a pointer in URI fragment form').toMatchObject({
      detail: expect.stringMatching(/\S/),
      pointer: expect.stringMatching(/^#/),
    })
  }
  return errors.map((error) => decodeURIComponent((error as { pointer: string }).pointer.slice(1)))
}

function create(body: unknown) {
  return request(app).post('/tasks').send(body as object)
}

/** Sends `text` as it is, so the test decides every byte of the body. */
function sendRaw(method: 'post' | 'patch', path: string, text: string, contentType = 'application/json') {
  return request(app)[method](path).set('Content-Type', contentType).send(text)
}

async function createTask(body: object = { title: 'Buy milk' }) {
  const response = await create(body)
  expect(response.status, 'creating a task to work on').toBe(201)
  return response.body as { id: string; title: string }
}

describe('problem-shape', () => {
  it('an unknown route responds 404 as application/problem+json with type, title, status and detail (RFC 9457 §3)', async () => {
    const response = await request(app).get('/no-such-route')
    expectFullProblem(response, 404)
  })

  it('the 404 detail names the method and path the client asked for', async () => {
    const problem = expectFullProblem(await request(app).delete('/widgets/42'), 404)
    expect(problem.detail).toContain('DELETE /widgets/42')
  })

  it('GET /tasks/:id of an unknown id responds 404 as a problem (RFC 9110 §15.5.5)', async () => {
    expectFullProblem(await request(app).get('/tasks/no-such-task'), 404)
  })

  it('DELETE and PATCH of an unknown id respond 404 as problems', async () => {
    expectFullProblem(await request(app).delete('/tasks/no-such-task'), 404)
    expectFullProblem(await request(app).patch('/tasks/no-such-task').set('Content-Type', MERGE_PATCH).send('{}'), 404)
  })

  it('PUT /tasks responds 405 as a problem and still lists the allowed methods in Allow (RFC 9110 §15.5.6)', async () => {
    const response = await request(app).put('/tasks').send({ title: 'Buy milk' })
    expectFullProblem(response, 405)
    expect(response.headers.allow).toMatch(/\bPOST\b/)
  })

  it('POST /tasks as text/plain responds 415 as a problem and still names the type to send in Accept-Post (RFC 9110 §15.5.16)', async () => {
    const response = await sendRaw('post', '/tasks', 'Buy milk', 'text/plain')
    expectFullProblem(response, 415)
    expect(response.headers['accept-post']).toContain('application/json')
  })

  it('PATCH as application/json responds 415 as a problem and still names the type to send in Accept-Patch (RFC 5789 §2.2)', async () => {
    const task = await createTask()
    const response = await sendRaw('patch', `/tasks/${task.id}`, '{"done":true}')
    expectFullProblem(response, 415)
    expect(response.headers['accept-patch']).toContain(MERGE_PATCH)
  })

  it('successful responses stay application/json: only errors are problems', async () => {
    const task = await createTask()
    const response = await request(app).get(`/tasks/${task.id}`)
    expect(response.status).toBe(200)
    expect(response.headers['content-type']).toMatch(/^application\/json/)
  })
})

describe('validation-pointers', () => {
  it('POST /tasks without a title responds 400 with a pointer to "#/title" (RFC 9457 §3.1, RFC 6901)', async () => {
    const problem = expectFullProblem(await create({}), 400)
    expect(pointersOf(problem)).toContain('/title')
  })

  it('a validation problem has a type of its own, not about:blank: its errors member needs a type that defines it (RFC 9457 §3.2)', async () => {
    const problem = expectFullProblem(await create({}), 400)
    expect(problem.type).not.toBe('about:blank')
  })

  it('every offending field gets its own pointer, not only the first', async () => {
    const problem = expectFullProblem(await create({ title: '', done: 'yes' }), 400)
    expect(pointersOf(problem)).toEqual(expect.arrayContaining(['/title', '/done']))
  })

  it('each unknown field gets its own pointer (OWASP API3:2023)', async () => {
    const problem = expectFullProblem(await create({ title: 'Buy milk', id: 'chosen-by-client', owner: 'mallory' }), 400)
    expect(pointersOf(problem)).toEqual(expect.arrayContaining(['/id', '/owner']))
  })

  it('"/" and "~" in a field name are escaped as ~1 and ~0 (RFC 6901 §3, §4)', async () => {
    const problem = expectFullProblem(await create({ title: 'Buy milk', 'due/date': '2030-01-31', 'a~b': 1 }), 400)
    expect(pointersOf(problem)).toEqual(expect.arrayContaining(['/due~1date', '/a~0b']))
  })

  it('a body that is not an object gets the pointer "#", the whole document (RFC 6901 §5, §6)', async () => {
    const problem = expectFullProblem(await sendRaw('post', '/tasks', '["Buy milk"]'), 400)
    expect(pointersOf(problem)).toContain('')
  })

  it('PATCH /tasks/:id with an invalid member responds 400 with its pointer and the same problem type as POST', async () => {
    const task = await createTask()
    const patched = expectFullProblem(await sendRaw('patch', `/tasks/${task.id}`, '{"dueDate":"tomorrow"}', MERGE_PATCH), 400)
    expect(pointersOf(patched)).toContain('/dueDate')
    const created = expectFullProblem(await create({ title: 42 }), 400)
    expect(patched.type, 'clients branch on type, so one kind of problem has one type (RFC 9457 §3.1.1)').toBe(created.type)
  })
})

describe('malformed-and-oversized', () => {
  /** A valid task body padded with JSON whitespace (RFC 8259 §2) to exactly `bytes` bytes. */
  function bodyOf(bytes: number) {
    const json = '{"title":"Buy milk"}'
    return `${json.slice(0, -1)}${' '.repeat(bytes - json.length)}}`
  }

  it('POST /tasks with malformed JSON responds 400 as a problem, not an HTML page (RFC 9110 §15.5.1, RFC 8259)', async () => {
    const response = await sendRaw('post', '/tasks', '{"title": "Buy milk",}')
    expectFullProblem(response, 400)
    expect(response.headers['content-type']).not.toMatch(/html/)
  })

  it('PATCH /tasks/:id with a malformed merge patch responds 400 as a problem and changes nothing', async () => {
    const task = await createTask()
    expectFullProblem(await sendRaw('patch', `/tasks/${task.id}`, '{"done": tru', MERGE_PATCH), 400)
    expect((await request(app).get(`/tasks/${task.id}`)).body).toEqual(task)
  })

  it('a body of exactly 10 KiB (10,240 bytes) is accepted', async () => {
    const body = bodyOf(10_240)
    expect(Buffer.byteLength(body)).toBe(10_240)
    expect((await sendRaw('post', '/tasks', body)).status).toBe(201)
  })

  it('a body of 10,241 bytes responds 413 as a problem and creates nothing (RFC 9110 §15.5.14)', async () => {
    expectFullProblem(await sendRaw('post', '/tasks', bodyOf(10_241)), 413)
    expect((await request(app).get('/tasks')).body).toEqual({ items: [] })
  })

  it('a far larger body responds 413 too, also on PATCH', async () => {
    const task = await createTask()
    expectFullProblem(await sendRaw('patch', `/tasks/${task.id}`, `{"title":"${'x'.repeat(200_000)}"}`, MERGE_PATCH), 413)
  })

  it('JSON in a charset the parser does not support responds 415 as a problem: every parser error, not only the two above (RFC 9110 §15.5.16)', async () => {
    expectFullProblem(await sendRaw('post', '/tasks', '{"title":"Buy milk"}', 'application/json; charset=latin1'), 415)
  })
})

describe('no-leaks', () => {
  /** What a database driver's error can hold: a host, a user, a password. A client must see none of it. */
  const failure = new Error('connect ECONNREFUSED 10.0.3.7:5432 (user=tasks password=hunter2)')

  /** A store whose every operation fails, like a database that went away. */
  class UnreachableStore extends Map<string, never> {
    override get(): never {
      throw failure
    }
    override set(): never {
      throw failure
    }
    override has(): never {
      throw failure
    }
    override delete(): never {
      throw failure
    }
    override values(): never {
      throw failure
    }
    override keys(): never {
      throw failure
    }
    override entries(): never {
      throw failure
    }
    override forEach(): never {
      throw failure
    }
    override [Symbol.iterator](): never {
      throw failure
    }
  }

  function brokenApp(logger = { error: vi.fn() }) {
    return { app: createApp({ tasks: new UnreachableStore(), logger }), logger }
  }

  /** Whether a logger's calls passed the failure: itself, inside an object (pino's `{ err }`), or its message or stack. */
  function logged(calls: unknown[][]) {
    return calls.flat().some((argument) => {
      if (argument === failure) return true
      if (typeof argument === 'string') return argument.includes(failure.message)
      return typeof argument === 'object' && argument !== null && Object.values(argument).includes(failure)
    })
  }

  const requests = [
    ['GET /tasks', (target: ReturnType<typeof createApp>) => request(target).get('/tasks')],
    ['GET /tasks/:id', (target: ReturnType<typeof createApp>) => request(target).get('/tasks/abc')],
    ['POST /tasks', (target: ReturnType<typeof createApp>) => request(target).post('/tasks').send({ title: 'Buy milk' })],
    ['DELETE /tasks/:id', (target: ReturnType<typeof createApp>) => request(target).delete('/tasks/abc')],
  ] as const

  it.each(requests)('%s when the store fails responds 500 as a problem (RFC 9110 §15.6.1)', async (_, send) => {
    expectFullProblem(await send(brokenApp().app), 500)
  })

  it.each(requests)('the 500 of %s shows no message, stack trace or file path of the error (OWASP API8:2023)', async (_, send) => {
    const response = await send(brokenApp().app)
    for (const secret of ['ECONNREFUSED', '10.0.3.7', 'hunter2', 'at UnreachableStore', import.meta.filename]) {
      expect(response.text, 'the body of a 500').not.toContain(secret)
    }
  })

  it('the failure is logged server-side through the injected logger, where the on-call engineer looks', async () => {
    const { app: broken, logger } = brokenApp()
    await request(broken).get('/tasks')
    expect(logged(logger.error.mock.calls), 'logger.error received the error (or its message)').toBe(true)
  })

  it('createApp() without a logger logs the failure with console.error', async () => {
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => {})
    const response = await request(createApp({ tasks: new UnreachableStore() })).get('/tasks')
    expect(response.status).toBe(500)
    expect(logged(consoleError.mock.calls)).toBe(true)
  })

  it("a client's mistake is not logged as a server error: error logs are for failures someone must fix", async () => {
    const logger = { error: vi.fn() }
    const client = createApp({ logger })
    await request(client).get('/no-such-route')
    await request(client).post('/tasks').send({})
    await request(client).post('/tasks').set('Content-Type', 'application/json').send('{')
    expect(logger.error).not.toHaveBeenCalled()
  })

})

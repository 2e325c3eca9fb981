import request from 'supertest'
import { beforeEach, describe, expect, it } from 'vitest'
import { createApp } from '#src/app.ts'

let app: ReturnType<typeof createApp>

// A fresh app per test: its in-memory store starts empty, so no test sees another's tasks.
beforeEach(() => {
  app = createApp()
})

const MERGE_PATCH = 'application/merge-patch+json'

/** RFC 3339 §5.6 date-time: full date, 'T', full time, and a mandatory offset ('Z' or ±hh:mm). */
const RFC3339_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/i

function create(body: unknown) {
  return request(app).post('/tasks').send(body as object)
}

/** Creates a task and returns its JSON, as the API answered it. */
async function createTask(body: object) {
  return (await create(body)).body
}

function pathOf(task: { id: unknown }) {
  return `/tasks/${encodeURIComponent(String(task.id))}`
}

/** Sends `body` as a merge patch, or as `contentType` when given. */
function patch(task: { id: unknown }, body: unknown, contentType = MERGE_PATCH) {
  return request(app).patch(pathOf(task)).set('Content-Type', contentType).send(JSON.stringify(body))
}

/** The error body this exercise defines: `{ error: 'invalid_body', issues: [{ path, message }, ...] }`. */
function invalidBody(...paths: string[]) {
  return {
    error: 'invalid_body',
    issues: expect.arrayContaining(paths.map((path) => expect.objectContaining({ path, message: expect.stringMatching(/\S/) }))),
  }
}

/** Everything but `key`: what a merge patch that removes `key` should leave. */
function without<T extends object>(value: T, key: keyof T) {
  const { [key]: _, ...rest } = value
  return rest
}

describe('validate-create', () => {
  it('POST /tasks with a valid body responds 201 with the task and its server-set id and createdAt', async () => {
    const response = await create({ title: 'Buy milk', done: true })
    expect(response.status).toBe(201)
    expect(response.body).toMatchObject({ id: expect.anything(), title: 'Buy milk', done: true, createdAt: expect.any(String) })
  })

  it('done defaults to false when the body leaves it out', async () => {
    const response = await create({ title: 'Buy milk' })
    expect(response.body).toMatchObject({ title: 'Buy milk', done: false })
  })

  it.each([
    ['without a title', {}],
    ['with an empty title', { title: '' }],
    ['with a title that is not a string', { title: 42 }],
  ])('POST /tasks %s responds 400 with an issue for "title" (RFC 9110 §15.5.1)', async (_, body) => {
    const response = await create(body)
    expect(response.status).toBe(400)
    expect(response.body).toMatchObject(invalidBody('title'))
  })

  it('POST /tasks with a done that is not a boolean responds 400 with an issue for "done"', async () => {
    const response = await create({ title: 'Buy milk', done: 'yes' })
    expect(response.status).toBe(400)
    expect(response.body).toMatchObject(invalidBody('done'))
  })

  it('every offending field is listed, not only the first', async () => {
    const response = await create({ title: '', done: 'yes' })
    expect(response.status).toBe(400)
    expect(response.body).toMatchObject(invalidBody('title', 'done'))
  })

  it('a rejected body creates nothing', async () => {
    await create({ title: 42 })
    const response = await request(app).get('/tasks')
    expect(response.body).toEqual({ items: [] })
  })
})

describe('reject-unknown-fields', () => {
  it('POST /tasks with an id responds 400 naming "id": the server assigns ids (OWASP API3:2023, mass assignment)', async () => {
    const response = await create({ title: 'Buy milk', id: 'chosen-by-client' })
    expect(response.status).toBe(400)
    expect(response.body).toMatchObject(invalidBody('id'))
    expect((await request(app).get('/tasks/chosen-by-client')).status).toBe(404)
  })

  it('POST /tasks with a createdAt responds 400 naming "createdAt": the server sets it (OWASP API3:2023)', async () => {
    const response = await create({ title: 'Buy milk', createdAt: '2000-01-01T00:00:00Z' })
    expect(response.status).toBe(400)
    expect(response.body).toMatchObject(invalidBody('createdAt'))
  })

  it('a field the contract does not define, such as a typo, responds 400 naming it instead of being dropped', async () => {
    const response = await create({ title: 'Buy milk', due_date: '2030-01-31T17:00:00Z' })
    expect(response.status).toBe(400)
    expect(response.body).toMatchObject(invalidBody('due_date'))
  })

  it('unknown fields are listed together with the other issues', async () => {
    const response = await create({ title: '', id: 'chosen-by-client', owner: 'mallory' })
    expect(response.status).toBe(400)
    expect(response.body).toMatchObject(invalidBody('title', 'id', 'owner'))
  })

  it('a rejected body creates nothing', async () => {
    await create({ title: 'Buy milk', id: 'chosen-by-client' })
    const response = await request(app).get('/tasks')
    expect(response.body).toEqual({ items: [] })
  })
})

describe('rfc3339-dates', () => {
  it('createdAt is an RFC 3339 date-time of the moment the task was created (RFC 3339 §5.6)', async () => {
    const before = Date.now()
    const task = await createTask({ title: 'Buy milk' })
    const after = Date.now()
    expect(task.createdAt).toMatch(RFC3339_DATE_TIME)
    // A second of slack for servers that keep whole seconds.
    expect(Date.parse(task.createdAt)).toBeGreaterThanOrEqual(before - 1000)
    expect(Date.parse(task.createdAt)).toBeLessThanOrEqual(after)
  })

  it.each(['2030-01-31T17:00:00Z', '2030-01-31T22:30:00+05:30', '2030-01-31T12:00:00.250-05:00'])(
    'dueDate %s is accepted and returned as an RFC 3339 date-time for the same instant (RFC 3339 §5.6)',
    async (dueDate) => {
      const response = await create({ title: 'Buy milk', dueDate })
      expect(response.status).toBe(201)
      expect(response.body.dueDate).toMatch(RFC3339_DATE_TIME)
      expect(Date.parse(response.body.dueDate)).toBe(Date.parse(dueDate))
    },
  )

  it('GET /tasks/:id returns the same createdAt and dueDate as the POST', async () => {
    const task = await createTask({ title: 'Buy milk', dueDate: '2030-01-31T22:30:00+05:30' })
    const response = await request(app).get(pathOf(task))
    expect(response.body).toMatchObject({ createdAt: task.createdAt, dueDate: task.dueDate })
  })

  it.each([
    ['a date without a time (RFC 3339 §5.6)', '2030-01-31'],
    ['a time without an offset, which names no instant (RFC 3339 §4.4)', '2030-01-31T17:00:00'],
    ['a day that does not exist (RFC 3339 §5.7)', '2030-02-30T17:00:00Z'],
    ['a locale format', '31/01/2030 17:00'],
    ['prose', 'tomorrow'],
    ['a Unix timestamp', 1896109200000],
  ])('dueDate as %s responds 400 with an issue for "dueDate"', async (_, dueDate) => {
    const response = await create({ title: 'Buy milk', dueDate })
    expect(response.status).toBe(400)
    expect(response.body).toMatchObject(invalidBody('dueDate'))
  })
})

describe('merge-patch', () => {
  const original = { title: 'Buy milk', done: true, dueDate: '2030-01-31T17:00:00Z' }

  it('PATCH /tasks/:id as application/merge-patch+json responds 200 with the merged task (RFC 7396 §2)', async () => {
    const task = await createTask(original)
    const response = await patch(task, { done: false })
    expect(response.status).toBe(200)
    expect(response.body).toEqual({ ...task, done: false })
  })

  it('members the patch leaves out stay as they were: a patch is not a replacement (RFC 7396 §1)', async () => {
    const task = await createTask(original)
    const response = await patch(task, { title: 'Buy oat milk' })
    expect(response.body).toEqual({ ...task, title: 'Buy oat milk' })
  })

  it('a new dueDate replaces the old one', async () => {
    const task = await createTask(original)
    const response = await patch(task, { dueDate: '2030-02-01T09:00:00Z' })
    expect(response.status).toBe(200)
    expect(Date.parse(response.body.dueDate)).toBe(Date.parse('2030-02-01T09:00:00Z'))
  })

  it('null removes dueDate: the member disappears rather than becoming null (RFC 7396 §1)', async () => {
    const task = await createTask(original)
    const response = await patch(task, { dueDate: null })
    expect(response.status).toBe(200)
    expect(response.body).toEqual(without(task, 'dueDate'))
  })

  it('GET /tasks/:id returns the patched task afterwards', async () => {
    const task = await createTask(original)
    const patched = await patch(task, { title: 'Buy oat milk', dueDate: null })
    const response = await request(app).get(pathOf(task))
    expect(response.body).toEqual(patched.body)
  })

  it.each([
    ['title: null, removing a member a task must have (RFC 7396 §2)', { title: null }, 'title'],
    ['done: null, removing a member a task must have (RFC 7396 §2)', { done: null }, 'done'],
    ['a dueDate that is not an RFC 3339 date-time', { dueDate: 'tomorrow' }, 'dueDate'],
    ['an id (OWASP API3:2023, mass assignment)', { id: 'chosen-by-client' }, 'id'],
    ['a createdAt (OWASP API3:2023, mass assignment)', { createdAt: '2000-01-01T00:00:00Z' }, 'createdAt'],
  ])('PATCH with %s responds 400 with an issue for that field', async (_, body, path) => {
    const task = await createTask(original)
    const response = await patch(task, body)
    expect(response.status).toBe(400)
    expect(response.body).toMatchObject(invalidBody(path))
  })

  it('a rejected patch changes nothing, not even its valid members', async () => {
    const task = await createTask(original)
    await patch(task, { title: 'Buy oat milk', done: 'yes' })
    const response = await request(app).get(pathOf(task))
    expect(response.body).toEqual(task)
  })

  it('PATCH of an unknown id responds 404 (RFC 9110 §15.5.5)', async () => {
    const response = await patch({ id: 'no-such-task' }, { done: true })
    expect(response.status).toBe(404)
  })

  it.each(['application/json', 'application/json-patch+json', 'text/plain'])(
    'PATCH with Content-Type %s responds 415 and changes nothing (RFC 9110 §15.5.16)',
    async (contentType) => {
      const task = await createTask(original)
      const response = await patch(task, { title: 'Buy oat milk' }, contentType)
      expect(response.status).toBe(415)
      expect((await request(app).get(pathOf(task))).body).toEqual(task)
    },
  )

  it('a 415 on PATCH lists application/merge-patch+json in Accept-Patch (RFC 5789 §2.2, §3.1)', async () => {
    const task = await createTask(original)
    const response = await patch(task, { title: 'Buy oat milk' }, 'application/json')
    const accepted = String(response.headers['accept-patch'] ?? '').split(',').map((type) => type.split(';')[0]?.trim().toLowerCase())
    expect(accepted).toContain(MERGE_PATCH)
  })
})

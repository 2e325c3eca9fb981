import { expectProblem, parseCacheControl } from '@workbook/testkit'
import request from 'supertest'
import { beforeEach, describe, expect, it } from 'vitest'
import { createApp } from '#src/app.ts'

let app: ReturnType<typeof createApp>

// A fresh app per test: its in-memory store starts empty, so no test sees another's tasks.
beforeEach(() => {
  app = createApp()
})

const MERGE_PATCH = 'application/merge-patch+json'

/** entity-tag = [ weak ] opaque-tag; opaque-tag = DQUOTE *etagc DQUOTE (RFC 9110 §8.8.3). */
const ENTITY_TAG = /^(?:W\/)?"[\x21\x23-\x7e\x80-\xff]*"$/
/** The same without the weak prefix: a strong validator. */
const STRONG_ENTITY_TAG = /^"[\x21\x23-\x7e\x80-\xff]*"$/

interface Task {
  id: string
  title: string
}

/** Creates a task through the API and returns it as the API answered. */
async function createTask(title = 'Write the quarterly report'): Promise<Task> {
  const response = await request(app).post('/tasks').send({ title })
  expect(response.status, 'POST /tasks').toBe(201)
  return response.body
}

function pathOf(task: Task) {
  return `/tasks/${encodeURIComponent(task.id)}`
}

function get(task: Task, headers: Record<string, string> = {}) {
  return request(app).get(pathOf(task)).set(headers)
}

/** The ETag a client reads with GET /tasks/:id. */
async function etagOf(task: Task): Promise<string> {
  const etag = (await get(task)).headers.etag
  expect(etag, 'ETag of GET /tasks/:id').toBeDefined()
  return etag ?? ''
}

/** Sends `body` as a merge patch, with the given headers (If-Match, usually). */
function patch(task: Task, body: object, headers: Record<string, string> = {}) {
  return request(app).patch(pathOf(task)).set(headers).set('Content-Type', MERGE_PATCH).send(JSON.stringify(body))
}

/** Changes a task the way a well-behaved client does: with the ETag it just read. */
async function change(task: Task, body: object) {
  const response = await patch(task, body, { 'If-Match': await etagOf(task) })
  expect(response.status, 'PATCH /tasks/:id with the current ETag').toBe(200)
  return response
}

/** The weak form of a strong entity-tag: W/"x" for "x" (RFC 9110 §8.8.3). */
function weak(etag: string) {
  return etag.startsWith('W/') ? etag : `W/${etag}`
}

describe('etags', () => {
  it('GET /tasks/:id responds with an ETag header holding an entity-tag (RFC 9110 §8.8.3)', async () => {
    const task = await createTask()
    const response = await get(task)
    expect(response.status).toBe(200)
    expect(response.headers.etag).toMatch(ENTITY_TAG)
  })

  it('the ETag is a strong validator: quoted, without the W/ prefix (RFC 9110 §8.8.1, §8.8.3)', async () => {
    const task = await createTask()
    expect(await etagOf(task)).toMatch(STRONG_ENTITY_TAG)
  })

  it('the ETag stays the same while the task does not change (RFC 9110 §8.8.3)', async () => {
    const task = await createTask()
    const first = await etagOf(task)
    expect(await etagOf(task)).toBe(first)
  })

  it.each([
    ['the title', { title: 'Write the annual report' }],
    ['done', { done: true }],
    ['the due date', { dueDate: '2030-01-31T17:00:00Z' }],
  ])('the ETag changes when %s changes (RFC 9110 §8.8.1)', async (_, body) => {
    const task = await createTask()
    const before = await etagOf(task)
    await change(task, body)
    expect(await etagOf(task)).not.toBe(before)
  })

  it('POST /tasks responds with the ETag of the new task, so the first update can be conditional (RFC 9110 §8.8)', async () => {
    const response = await request(app).post('/tasks').send({ title: 'Write the quarterly report' })
    expect(response.status).toBe(201)
    expect(response.headers.etag).toMatch(STRONG_ENTITY_TAG)
    expect(response.headers.etag).toBe(await etagOf(response.body))
  })

  it('a successful PATCH responds with the new ETag, the one a later GET returns (RFC 9110 §8.8)', async () => {
    const task = await createTask()
    const before = await etagOf(task)
    const response = await change(task, { done: true })
    expect(response.headers.etag).toMatch(STRONG_ENTITY_TAG)
    expect(response.headers.etag).not.toBe(before)
    expect(response.headers.etag).toBe(await etagOf(task))
  })
})

describe('not-modified', () => {
  it('GET with If-None-Match set to the current ETag responds 304 Not Modified (RFC 9110 §13.1.2, §15.4.5)', async () => {
    const task = await createTask()
    const response = await get(task, { 'If-None-Match': await etagOf(task) })
    expect(response.status).toBe(304)
  })

  it('a 304 has no body (RFC 9110 §15.4.5)', async () => {
    const task = await createTask()
    const response = await get(task, { 'If-None-Match': await etagOf(task) })
    expect(response.status).toBe(304)
    expect(response.text ?? '').toBe('')
  })

  it('a 304 repeats the ETag and Cache-Control the 200 would have sent (RFC 9110 §15.4.5)', async () => {
    const task = await createTask()
    const full = await get(task)
    const response = await get(task, { 'If-None-Match': await etagOf(task) })
    expect(response.status).toBe(304)
    expect(response.headers.etag).toBe(full.headers.etag)
    expect(full.headers['cache-control'], 'Cache-Control of the 200').toBeDefined()
    expect(parseCacheControl(response.headers['cache-control'])).toEqual(parseCacheControl(full.headers['cache-control']))
  })

  it('If-None-Match with a list of ETags responds 304 when one of them is current (RFC 9110 §13.1.2)', async () => {
    const task = await createTask()
    const response = await get(task, { 'If-None-Match': `"an-old-version", ${await etagOf(task)}` })
    expect(response.status).toBe(304)
  })

  it('If-None-Match uses weak comparison: W/ plus the current ETag responds 304 (RFC 9110 §8.8.3.2, §13.1.2)', async () => {
    const task = await createTask()
    const response = await get(task, { 'If-None-Match': weak(await etagOf(task)) })
    expect(response.status).toBe(304)
  })

  it('If-None-Match: * responds 304 when the task exists (RFC 9110 §13.1.2)', async () => {
    const task = await createTask()
    const response = await get(task, { 'If-None-Match': '*' })
    expect(response.status).toBe(304)
  })

  it.each([
    ['the current ETag', (etag: string) => etag],
    ['a list holding the current ETag', (etag: string) => `"an-old-version", ${etag}`],
    ['the weak form of the current ETag', weak],
    ['*', () => '*'],
  ])('If-None-Match with %s still responds 304 when the request also says Cache-Control: no-cache, a directive for caches (RFC 9110 §13.2.1, RFC 9111 §5.2.1.4)', async (_, field) => {
    const task = await createTask()
    const response = await get(task, { 'If-None-Match': field(await etagOf(task)), 'Cache-Control': 'no-cache' })
    expect(response.status).toBe(304)
  })

  it('If-None-Match with an old ETag responds 200 with the task as it is now and its new ETag (RFC 9110 §13.1.2)', async () => {
    const task = await createTask()
    const old = await etagOf(task)
    await change(task, { title: 'Write the annual report' })
    const response = await get(task, { 'If-None-Match': old })
    expect(response.status).toBe(200)
    expect(response.body).toMatchObject({ id: task.id, title: 'Write the annual report' })
    expect(response.headers.etag).toMatch(STRONG_ENTITY_TAG)
    expect(response.headers.etag).not.toBe(old)
  })

  it('If-None-Match: * on an unknown task still responds 404 (RFC 9110 §13.1.2)', async () => {
    const response = await request(app).get('/tasks/no-such-task').set('If-None-Match', '*')
    expectProblem(response, 404)
  })

  it('GET /tasks/:id lets only the client keep a copy, and only if it revalidates: Cache-Control private, no-cache (RFC 9111 §5.2.2.4, §5.2.2.7)', async () => {
    const task = await createTask()
    const directives = parseCacheControl((await get(task)).headers['cache-control'])
    expect(directives.get('private'), 'private: no shared cache may store one user\'s task').toBe(true)
    // no-cache (unqualified), or the older spelling max-age=0 with must-revalidate: reuse only after a 304.
    const revalidates = directives.get('no-cache') === true || (directives.get('max-age') === '0' && directives.has('must-revalidate'))
    expect(revalidates, 'no-cache: the client must revalidate before each use').toBe(true)
    expect(directives.has('no-store'), 'no-store would forbid the copy that If-None-Match revalidates').toBe(false)
    expect(directives.has('public'), 'public contradicts private').toBe(false)
  })
})

describe('lost-update', () => {
  it('PATCH with If-Match set to the current ETag applies the change (RFC 9110 §13.1.1)', async () => {
    const task = await createTask()
    const response = await patch(task, { done: true }, { 'If-Match': await etagOf(task) })
    expect(response.status).toBe(200)
    expect(response.body).toMatchObject({ id: task.id, done: true })
  })

  it('PATCH with an ETag that is no longer current responds 412 Precondition Failed as problem details (RFC 9110 §13.1.1, §15.5.13)', async () => {
    const task = await createTask()
    const alicesEtag = await etagOf(task)
    const bobsEtag = await etagOf(task)
    await patch(task, { title: 'Bob: write the annual report' }, { 'If-Match': bobsEtag })
    const response = await patch(task, { title: 'Alice: write the monthly report' }, { 'If-Match': alicesEtag })
    expectProblem(response, 412)
  })

  it('a 412 changes nothing: the change made since the client read the task is not lost (RFC 9110 §13.1.1)', async () => {
    const task = await createTask()
    const alicesEtag = await etagOf(task)
    const bobsEtag = await etagOf(task)
    await patch(task, { title: 'Bob: write the annual report' }, { 'If-Match': bobsEtag })
    await patch(task, { title: 'Alice: write the monthly report', done: true }, { 'If-Match': alicesEtag })
    const response = await get(task)
    expect(response.body).toMatchObject({ title: 'Bob: write the annual report', done: false })
  })

  it('If-Match uses strong comparison: W/ plus the current ETag responds 412 (RFC 9110 §8.8.3.2, §13.1.1)', async () => {
    const task = await createTask()
    const response = await patch(task, { done: true }, { 'If-Match': weak(await etagOf(task)) })
    expectProblem(response, 412)
    expect((await get(task)).body).toMatchObject({ done: false })
  })

  it('If-Match with a list of ETags applies the change when one of them is current (RFC 9110 §13.1.1)', async () => {
    const task = await createTask()
    const response = await patch(task, { done: true }, { 'If-Match': `"an-old-version", ${await etagOf(task)}` })
    expect(response.status).toBe(200)
  })

  it('If-Match: * applies the change to a task that exists (RFC 9110 §13.1.1)', async () => {
    const task = await createTask()
    const response = await patch(task, { done: true }, { 'If-Match': '*' })
    expect(response.status).toBe(200)
  })

  it('DELETE with an ETag that is no longer current responds 412 and keeps the task (RFC 9110 §13.1.1)', async () => {
    const task = await createTask()
    const old = await etagOf(task)
    await change(task, { done: true })
    const response = await request(app).delete(pathOf(task)).set('If-Match', old)
    expectProblem(response, 412)
    expect((await get(task)).status).toBe(200)
  })

  it('DELETE with the current ETag in If-Match responds 204 (RFC 9110 §13.1.1, §15.3.5)', async () => {
    const task = await createTask()
    const response = await request(app).delete(pathOf(task)).set('If-Match', await etagOf(task))
    expect(response.status).toBe(204)
    expect((await get(task)).status).toBe(404)
  })

  it('PATCH on an unknown task responds 404 whatever its If-Match: preconditions are ignored when the request fails anyway (RFC 9110 §13.2.1)', async () => {
    const response = await request(app)
      .patch('/tasks/no-such-task')
      .set('If-Match', '*')
      .set('Content-Type', MERGE_PATCH)
      .send(JSON.stringify({ done: true }))
    expectProblem(response, 404)
  })
})

describe('precondition-required', () => {
  it('PATCH without If-Match responds 428 Precondition Required as problem details (RFC 6585 §3)', async () => {
    const task = await createTask()
    const response = await patch(task, { done: true })
    expectProblem(response, 428)
  })

  it('a 428 changes nothing (RFC 6585 §3)', async () => {
    const task = await createTask()
    await patch(task, { title: 'Overwrite whatever is there', done: true })
    expect((await get(task)).body).toMatchObject({ title: task.title, done: false })
  })

  it('the 428 problem names If-Match, so the client developer knows what to send (RFC 6585 §3, RFC 9457 §3.1.4)', async () => {
    const task = await createTask()
    const problem = expectProblem(await patch(task, { done: true }), 428)
    expect(`${problem.title} ${problem.detail ?? ''}`).toMatch(/if-match/i)
  })

  it('safe requests need no precondition: GET without conditional headers responds 200 (RFC 9110 §9.2.1)', async () => {
    const task = await createTask()
    expect((await get(task)).status).toBe(200)
  })

  it('creating needs no precondition: POST /tasks without If-Match responds 201 (RFC 9110 §15.3.2)', async () => {
    const response = await request(app).post('/tasks').send({ title: 'Write the quarterly report' })
    expect(response.status).toBe(201)
  })
})

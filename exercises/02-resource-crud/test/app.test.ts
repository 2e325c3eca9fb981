import request from 'supertest'
import { beforeEach, describe, expect, it } from 'vitest'
import { createApp } from '#src/app.ts'

let app: ReturnType<typeof createApp>

// A fresh app per test: its in-memory store starts empty, so no test sees another's tasks.
beforeEach(() => {
  app = createApp()
})

/** Creates a task through the API and returns the response. */
function create(title: string) {
  return request(app).post('/tasks').send({ title })
}

/** The URL path of a task, built from the id in its JSON. */
function pathOf(created: request.Response) {
  return `/tasks/${encodeURIComponent(String(created.body.id))}`
}

/** The path a Location header points at, resolved against the request URL (RFC 9110 §10.2.2). */
function locationPath(response: request.Response) {
  return new URL(response.headers.location ?? '', 'http://localhost/tasks').pathname
}

/** The methods an Allow header lists (RFC 9110 §10.2.1: a comma-separated list of method names). */
function allowed(response: request.Response) {
  const header: string = response.headers.allow ?? ''
  return header.split(',').map((method) => method.trim()).filter(Boolean)
}

describe('create-and-read', () => {
  it('POST /tasks responds 201 Created (RFC 9110 §15.3.2)', async () => {
    const response = await create('Write the tests')
    expect(response.status).toBe(201)
  })

  it('POST /tasks responds with the created task as JSON: id, title, done=false (RFC 8259)', async () => {
    const response = await create('Write the tests')
    expect(response.headers['content-type']).toMatch(/^application\/json\b/)
    expect(response.body).toEqual({ id: expect.anything(), title: 'Write the tests', done: false })
  })

  it('POST /tasks responds with a Location header naming /tasks/<id> (RFC 9110 §10.2.2)', async () => {
    const response = await create('Write the tests')
    expect(response.headers.location).toEqual(expect.any(String))
    expect(locationPath(response)).toBe(pathOf(response))
  })

  it('GET on the Location returns the created task (RFC 9110 §15.3.2, §9.3.1)', async () => {
    const created = await create('Write the tests')
    const response = await request(app).get(locationPath(created))
    expect(response.status).toBe(200)
    expect(response.body).toEqual(created.body)
  })

  it('each created task gets its own id', async () => {
    const first = await create('First')
    const second = await create('Second')
    expect(first.body.id).not.toEqual(second.body.id)
  })

  it('GET /tasks responds 200 with { items } listing every task', async () => {
    const first = await create('First')
    const second = await create('Second')
    const response = await request(app).get('/tasks')
    expect(response.status).toBe(200)
    expect(response.body).toEqual({ items: expect.arrayContaining([first.body, second.body]) })
    expect(response.body.items).toHaveLength(2)
  })

  it('GET /tasks/:id for an unknown id responds 404 with a JSON error (RFC 9110 §15.5.5)', async () => {
    const response = await request(app).get('/tasks/no-such-task')
    expect(response.status).toBe(404)
    expect(response.headers['content-type']).toMatch(/^application\/json\b/)
    expect(response.body).toMatchObject({ error: expect.any(String) })
  })

  it.each([
    ['without a title', {}],
    ['with an empty title', { title: '' }],
    ['with a title that is not a string', { title: 42 }],
  ])('POST /tasks %s responds 400 with a JSON error (RFC 9110 §15.5.1)', async (_, body) => {
    const response = await request(app).post('/tasks').send(body)
    expect(response.status).toBe(400)
    expect(response.body).toMatchObject({ error: expect.any(String) })
  })

  it('a rejected POST /tasks creates nothing', async () => {
    await request(app).post('/tasks').send({ title: '' })
    const response = await request(app).get('/tasks')
    expect(response.body).toEqual({ items: [] })
  })
})

describe('delete', () => {
  it('DELETE /tasks/:id responds 204 with no body (RFC 9110 §15.3.5)', async () => {
    const created = await create('Short-lived')
    const response = await request(app).delete(pathOf(created))
    expect(response.status).toBe(204)
    expect(response.text ?? '').toBe('')
  })

  it('after DELETE, GET /tasks/:id responds 404 (RFC 9110 §9.3.5)', async () => {
    const created = await create('Short-lived')
    await request(app).delete(pathOf(created))
    const response = await request(app).get(pathOf(created))
    expect(response.status).toBe(404)
  })

  it('DELETE removes only that task from GET /tasks', async () => {
    const doomed = await create('Short-lived')
    const kept = await create('Long-lived')
    await request(app).delete(pathOf(doomed))
    const response = await request(app).get('/tasks')
    expect(response.body).toEqual({ items: [kept.body] })
  })

  it('DELETE of an unknown or already deleted id responds 404 with a JSON error (RFC 9110 §15.5.5)', async () => {
    const created = await create('Short-lived')
    await request(app).delete(pathOf(created))
    const response = await request(app).delete(pathOf(created))
    expect(response.status).toBe(404)
    expect(response.body).toMatchObject({ error: expect.any(String) })
  })
})

describe('method-not-allowed', () => {
  it('PUT, PATCH and DELETE /tasks respond 405, not 404: the path exists (RFC 9110 §15.5.6)', async () => {
    for (const method of ['put', 'patch', 'delete'] as const) {
      const response = await request(app)[method]('/tasks')
      expect(response.status, method.toUpperCase()).toBe(405)
    }
  })

  it('a 405 on /tasks carries an Allow header listing GET and POST (RFC 9110 §15.5.6, §10.2.1)', async () => {
    const response = await request(app).put('/tasks').send({ title: 'Replace them all' })
    expect(allowed(response)).toEqual(expect.arrayContaining(['GET', 'POST']))
    expect(allowed(response)).not.toContain('PUT')
  })

  it('PUT and PATCH /tasks/:id respond 405 with an Allow header listing GET and DELETE (RFC 9110 §15.5.6)', async () => {
    const created = await create('Fixed')
    for (const method of ['put', 'patch'] as const) {
      const response = await request(app)[method](pathOf(created)).send({ title: 'Changed' })
      expect(response.status, method.toUpperCase()).toBe(405)
      expect(allowed(response), method.toUpperCase()).toEqual(expect.arrayContaining(['GET', 'DELETE']))
      expect(allowed(response), method.toUpperCase()).not.toContain(method.toUpperCase())
    }
  })

  it('a 405 has a JSON error body and changes nothing', async () => {
    const created = await create('Fixed')
    const response = await request(app).delete('/tasks')
    expect(response.headers['content-type']).toMatch(/^application\/json\b/)
    expect(response.body).toMatchObject({ error: expect.any(String) })
    const list = await request(app).get('/tasks')
    expect(list.body).toEqual({ items: [created.body] })
  })

  it('GET, HEAD and POST /tasks still work next to the 405', async () => {
    expect((await create('Still works')).body).toMatchObject({ title: 'Still works' })
    expect((await request(app).get('/tasks')).status).toBe(200)
    expect((await request(app).head('/tasks')).status).toBe(200)
  })
})

describe('unsupported-media-type', () => {
  it('POST /tasks with a text/plain body responds 415 (RFC 9110 §15.5.16)', async () => {
    const response = await request(app).post('/tasks').set('Content-Type', 'text/plain').send('Buy milk')
    expect(response.status).toBe(415)
  })

  it('POST /tasks with a form-encoded body responds 415, not 400, and creates nothing (RFC 9110 §15.5.16)', async () => {
    const response = await request(app).post('/tasks').type('form').send({ title: 'Buy milk' })
    expect(response.status).toBe(415)
    const list = await request(app).get('/tasks')
    expect(list.body).toEqual({ items: [] })
  })

  it('a 415 has a JSON error body (RFC 8259)', async () => {
    const response = await request(app).post('/tasks').set('Content-Type', 'text/plain').send('Buy milk')
    expect(response.headers['content-type']).toMatch(/^application\/json\b/)
    expect(response.body).toMatchObject({ error: expect.any(String) })
  })

  it.each(['application/json; charset=utf-8', 'Application/JSON'])(
    'POST /tasks with Content-Type %s is JSON: type names are case-insensitive and parameters do not change the type (RFC 9110 §8.3.1)',
    async (contentType) => {
      const response = await request(app)
        .post('/tasks')
        .set('Content-Type', contentType)
        .send(JSON.stringify({ title: 'Buy milk' }))
      expect(response.status).not.toBe(415)
      expect(response.body).toMatchObject({ title: 'Buy milk' })
    },
  )
})

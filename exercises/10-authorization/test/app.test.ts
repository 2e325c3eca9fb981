import { createTokenFactory, expectProblem, fakeClock, parseWwwAuthenticate, type TokenFactory } from '@workbook/testkit'
import type { JWTPayload } from 'jose'
import request from 'supertest'
import { beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createApp } from '#src/app.ts'

const clock = fakeClock()
let tokens: TokenFactory
let app: ReturnType<typeof createApp>

beforeAll(async () => {
  tokens = await createTokenFactory({ now: clock.now })
})

// A fresh app per test: its in-memory store starts empty, so no test sees another's tasks.
beforeEach(() => {
  app = createApp({ jwks: tokens.jwks, issuer: tokens.issuer, audience: tokens.audience, now: clock.now })
})

const READ_WRITE = 'tasks:read tasks:write'
const MERGE_PATCH = 'application/merge-patch+json'
/** An id no task has, shaped like the ids the API hands out. */
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000'

type Client = ReturnType<typeof client>

/** Calls the API with one access token, the way a client application would. */
function client(token: string) {
  const authorized = (test: request.Test) => test.set('Authorization', `Bearer ${token}`)
  return {
    get: (path: string) => authorized(request(app).get(path)),
    post: (path: string, body: unknown) => authorized(request(app).post(path)).send(body as object),
    patch: (path: string, body: unknown) => authorized(request(app).patch(path)).set('Content-Type', MERGE_PATCH).send(JSON.stringify(body)),
    delete: (path: string, body?: unknown) => authorized(request(app).delete(path)).send(body as object),
  }
}

/** A client with a valid token for `subject`: by default it may read and write tasks and has no roles. */
async function signIn(subject: string, claims: JWTPayload = {}) {
  return client(await tokens.sign(subject, { scope: READ_WRITE, ...claims }))
}

/** Creates a task through the API and returns it as the API answered. */
async function createTask(owner: Client, title: string) {
  const response = await owner.post('/tasks', { title })
  expect(response.status, 'creating a task to work with').toBe(201)
  return response.body as { id: string; title: string }
}

function pathOf(task: { id: string }) {
  return `/tasks/${encodeURIComponent(task.id)}`
}

/** The ids of the tasks a list response holds, sorted. */
function idsIn(response: request.Response): string[] {
  return (response.body.items as { id: string }[]).map((task) => task.id).sort()
}

/** What a client can tell apart in a 404: everything but the id it asked for. */
function seenBy(response: request.Response, id: string) {
  const { type, title, status, detail } = response.body as Record<string, unknown>
  const text = (value: unknown) => (value === undefined ? undefined : String(value).replaceAll(id, '<id>'))
  return { status: response.status, contentType: response.headers['content-type'], type, title: text(title), bodyStatus: status, detail: text(detail) }
}

/** Asserts a 403 problem with a Bearer challenge saying which scope was missing (RFC 6750 §3.1). */
function expectInsufficientScope(response: request.Response, scope: string) {
  expectProblem(response, 403)
  const challenges = parseWwwAuthenticate(response.headers['www-authenticate'] ?? '')
  const bearer = challenges.find((challenge) => challenge.scheme === 'bearer')
  expect(bearer, 'a Bearer challenge in WWW-Authenticate (RFC 6750 §3)').toBeDefined()
  expect(bearer?.params.error, 'error code (RFC 6750 §3.1)').toBe('insufficient_scope')
  expect(bearer?.params.scope?.split(' '), 'the scope attribute names the scope needed (RFC 6750 §3)').toContain(scope)
}

describe('object-level', () => {
  it("GET /tasks/:id of another user's task responds 404, as if it did not exist (OWASP API1:2023)", async () => {
    const alice = await signIn('alice')
    const bob = await signIn('bob')
    const task = await createTask(alice, 'Call the lawyer about the divorce')
    const response = await bob.get(pathOf(task))
    expectProblem(response, 404)
    expect(response.text).not.toContain('lawyer')
  })

  it("the 404 for another user's task is indistinguishable from the 404 for an id that never existed (OWASP API1:2023)", async () => {
    const alice = await signIn('alice')
    const bob = await signIn('bob')
    const task = await createTask(alice, 'Renew passport')
    const theirs = await bob.get(pathOf(task))
    const missing = await bob.get(`/tasks/${UNKNOWN_ID}`)
    expect(missing.status).toBe(404)
    expect(seenBy(theirs, task.id)).toEqual(seenBy(missing, UNKNOWN_ID))
  })

  it("PATCH /tasks/:id of another user's task responds 404 and changes nothing (OWASP API1:2023)", async () => {
    const alice = await signIn('alice')
    const bob = await signIn('bob')
    const task = await createTask(alice, 'Renew passport')
    const response = await bob.patch(pathOf(task), { title: 'Hacked', done: true })
    expectProblem(response, 404)
    expect((await alice.get(pathOf(task))).body).toEqual(task)
  })

  it("DELETE /tasks/:id of another user's task responds 404 and the task survives (OWASP API1:2023)", async () => {
    const alice = await signIn('alice')
    const bob = await signIn('bob')
    const task = await createTask(alice, 'Renew passport')
    const response = await bob.delete(pathOf(task))
    expectProblem(response, 404)
    const after = await alice.get(pathOf(task))
    expect(after.status).toBe(200)
    expect(after.body).toEqual(task)
  })

  it("GET /tasks lists only the caller's own tasks (OWASP API1:2023)", async () => {
    const alice = await signIn('alice')
    const bob = await signIn('bob')
    const mine = [await createTask(alice, 'Renew passport'), await createTask(alice, 'Book flights')]
    const theirs = await createTask(bob, 'Water the plants')
    const aliceList = await alice.get('/tasks')
    expect(aliceList.status).toBe(200)
    expect(idsIn(aliceList)).toEqual(mine.map((task) => task.id).sort())
    expect(idsIn(await bob.get('/tasks'))).toEqual([theirs.id])
  })

  it('the owner can still read, patch and delete their own task', async () => {
    const alice = await signIn('alice')
    const task = await createTask(alice, 'Renew passport')
    expect((await alice.get(pathOf(task))).body).toEqual(task)
    const patched = await alice.patch(pathOf(task), { done: true })
    expect(patched.status).toBe(200)
    expect(patched.body).toMatchObject({ id: task.id, done: true })
    expect((await alice.delete(pathOf(task))).status).toBe(204)
    expect((await alice.get(pathOf(task))).status).toBe(404)
  })
})

describe('function-level', () => {
  it('GET /admin/tasks responds 403 with a problem to a user without the admin role (OWASP API5:2023)', async () => {
    const alice = await signIn('alice')
    await createTask(alice, 'Renew passport')
    const response = await (await signIn('bob')).get('/admin/tasks')
    expectProblem(response, 403)
    expect(response.text).not.toContain('passport')
  })

  it('GET /admin/tasks lists every user\'s tasks when the token\'s roles claim includes "admin" (RFC 9068 §2.2.3.1)', async () => {
    const alice = await signIn('alice')
    const bob = await signIn('bob')
    const tasks = [await createTask(alice, 'Renew passport'), await createTask(bob, 'Water the plants')]
    const admin = await signIn('carol', { roles: ['admin'] })
    const response = await admin.get('/admin/tasks')
    expect(response.status).toBe(200)
    expect(idsIn(response)).toEqual(tasks.map((task) => task.id).sort())
  })

  it('DELETE /users/:id responds 403 to a user without the admin role and deletes nothing (OWASP API5:2023)', async () => {
    const alice = await signIn('alice')
    const task = await createTask(alice, 'Renew passport')
    const response = await (await signIn('bob', { roles: ['member'] })).delete('/users/alice')
    expectProblem(response, 403)
    expect((await alice.get(pathOf(task))).status).toBe(200)
  })

  it("DELETE /users/:id by an admin responds 204 and removes that user's tasks, and no one else's", async () => {
    const alice = await signIn('alice')
    const bob = await signIn('bob')
    await createTask(alice, 'Renew passport')
    const kept = await createTask(bob, 'Water the plants')
    const admin = await signIn('carol', { roles: ['admin'] })
    expect((await admin.delete('/users/alice')).status).toBe(204)
    expect(idsIn(await admin.get('/admin/tasks'))).toEqual([kept.id])
  })

  it('a role cannot be claimed with a header, a query parameter or the body, only with the signed token (OWASP API5:2023)', async () => {
    const bob = await signIn('bob')
    const viaQuery = await bob.get('/admin/tasks?role=admin&isAdmin=true').set('X-Role', 'admin').set('X-Roles', 'admin')
    expectProblem(viaQuery, 403)
    const viaBody = await bob.delete('/users/alice', { role: 'admin', roles: ['admin'], isAdmin: true })
    expectProblem(viaBody, 403)
  })

  it('a token claiming the admin role without a valid signature responds 401 (RFC 8725 §2.1)', async () => {
    for (const forged of [tokens.unsigned('mallory', { roles: ['admin'] }), await tokens.foreign('mallory', { roles: ['admin'] })]) {
      expectProblem(await client(forged).get('/admin/tasks'), 401)
    }
  })

  it('without a token, admin routes respond 401, not 403: who is calling comes before what they may do (RFC 9110 §15.5.2)', async () => {
    expectProblem(await request(app).get('/admin/tasks'), 401)
    expectProblem(await request(app).delete('/users/alice'), 401)
  })
})

describe('scopes', () => {
  it('POST /tasks with a token lacking tasks:write responds 403 insufficient_scope naming tasks:write, and creates nothing (RFC 6750 §3.1)', async () => {
    const reader = await signIn('alice', { scope: 'tasks:read' })
    expectInsufficientScope(await reader.post('/tasks', { title: 'Renew passport' }), 'tasks:write')
    expect((await reader.get('/tasks')).body.items).toEqual([])
  })

  it('PATCH and DELETE /tasks/:id with a token lacking tasks:write respond 403 insufficient_scope and change nothing (RFC 6750 §3.1)', async () => {
    const task = await createTask(await signIn('alice'), 'Renew passport')
    const reader = await signIn('alice', { scope: 'tasks:read' })
    expectInsufficientScope(await reader.patch(pathOf(task), { title: 'Changed' }), 'tasks:write')
    expectInsufficientScope(await reader.delete(pathOf(task)), 'tasks:write')
    expect((await reader.get(pathOf(task))).body).toEqual(task)
  })

  it('GET /tasks and GET /tasks/:id with a token lacking tasks:read respond 403 insufficient_scope naming tasks:read (RFC 6750 §3.1)', async () => {
    const writer = await signIn('alice', { scope: 'tasks:write' })
    const task = await createTask(writer, 'Renew passport')
    expectInsufficientScope(await writer.get('/tasks'), 'tasks:read')
    const one = await writer.get(pathOf(task))
    expectInsufficientScope(one, 'tasks:read')
    expect(one.text).not.toContain('passport')
  })

  it('a valid token without a scope claim responds 403 on every /tasks route, not 401: the token is fine, the grant is not (RFC 6750 §3.1)', async () => {
    const task = await createTask(await signIn('alice'), 'Renew passport')
    const unscoped = await signIn('alice', { scope: undefined })
    expectInsufficientScope(await unscoped.get('/tasks'), 'tasks:read')
    expectInsufficientScope(await unscoped.get(pathOf(task)), 'tasks:read')
    expectInsufficientScope(await unscoped.post('/tasks', { title: 'More' }), 'tasks:write')
  })

  it.each(['tasks:read tasks:writer', 'tasks:read admin:tasks:write', 'tasks:read TASKS:WRITE', 'tasks:read,tasks:write'])(
    'the scope "%s" does not grant tasks:write: scopes are whole, case-sensitive tokens separated by spaces (RFC 6749 §3.3)',
    async (scope) => {
      const client = await signIn('alice', { scope })
      expectInsufficientScope(await client.post('/tasks', { title: 'Renew passport' }), 'tasks:write')
    },
  )

  it('scopes count in any order and among others: "openid tasks:write profile tasks:read" may write and read (RFC 6749 §3.3)', async () => {
    const alice = await signIn('alice', { scope: 'openid tasks:write profile tasks:read' })
    const task = await createTask(alice, 'Renew passport')
    expect((await alice.get(pathOf(task))).status).toBe(200)
  })

  it('without a token, /tasks responds 401 with a Bearer challenge, not 403 (RFC 6750 §3.1)', async () => {
    const response = await request(app).get('/tasks')
    expectProblem(response, 401)
    expect(parseWwwAuthenticate(response.headers['www-authenticate'] ?? '').map((challenge) => challenge.scheme)).toContain('bearer')
  })
})

describe('mass-assignment', () => {
  it('POST /tasks with an ownerId responds 400 naming it, and plants no task in anyone\'s list (OWASP API3:2023)', async () => {
    const alice = await signIn('alice')
    const bob = await signIn('bob')
    const response = await bob.post('/tasks', { title: 'Send Bob the company card', ownerId: 'alice' })
    expectProblem(response, 400)
    expect(response.text).toContain('ownerId')
    expect(response.body).not.toHaveProperty('ownerId', 'alice')
    expect((await alice.get('/tasks')).body.items).toEqual([])
    expect((await bob.get('/tasks')).body.items).toEqual([])
  })

  it('PATCH /tasks/:id with an ownerId responds 400 naming it, and the task keeps its owner (OWASP API3:2023)', async () => {
    const bob = await signIn('bob')
    const task = await createTask(bob, 'Water the plants')
    const response = await bob.patch(pathOf(task), { ownerId: 'alice' })
    expectProblem(response, 400)
    expect(response.text).toContain('ownerId')
    expect(response.body).not.toHaveProperty('ownerId', 'alice')
    expect((await bob.get(pathOf(task))).body).toEqual(task)
  })

  it.each([{ role: 'admin' }, { isAdmin: true }, { roles: ['admin'] }])(
    'POST /tasks with %o responds 400 and creates nothing (OWASP API3:2023)',
    async (extra) => {
      const bob = await signIn('bob')
      const response = await bob.post('/tasks', { title: 'Water the plants', ...extra })
      expectProblem(response, 400)
      expect((await bob.get('/tasks')).body.items).toEqual([])
    },
  )

  it('a patch that mixes a valid change with role or isAdmin responds 400 and changes nothing, not even the valid member (OWASP API3:2023)', async () => {
    const bob = await signIn('bob')
    const task = await createTask(bob, 'Water the plants')
    const response = await bob.patch(pathOf(task), { title: 'Water the cactus', role: 'admin', isAdmin: true })
    expectProblem(response, 400)
    expect(response.body).not.toHaveProperty('isAdmin')
    expect((await bob.get(pathOf(task))).body).toEqual(task)
  })

  it('the members a client owns can still be created and patched', async () => {
    const bob = await signIn('bob')
    const created = await bob.post('/tasks', { title: 'Water the plants', done: false, dueDate: '2030-01-31T17:00:00Z' })
    expect(created.status).toBe(201)
    const patched = await bob.patch(pathOf(created.body), { title: 'Water the cactus', dueDate: null })
    expect(patched.status).toBe(200)
    expect(patched.body).toMatchObject({ id: created.body.id, title: 'Water the cactus' })
    expect(patched.body).not.toHaveProperty('dueDate')
  })
})

import { createHash, randomBytes } from 'node:crypto'
import { expectProblem, parseWwwAuthenticate } from '@workbook/testkit'
import request from 'supertest'
import { beforeEach, describe, expect, it } from 'vitest'
import { createApp } from '#src/app.ts'

/** A fresh high-entropy key, the way a key-issuing endpoint would show it to its owner once. */
const newKey = () => `wbk_${randomBytes(32).toString('base64url')}`

/** What the server stores instead of the key: SHA-256 of its UTF-8 bytes, in lowercase hex. */
const sha256 = (key: string) => createHash('sha256').update(key, 'utf8').digest('hex')

const aliceKey = newKey()
const bobKey = newKey()

let app: ReturnType<typeof createApp>

// The app gets hashes only: the plaintext keys live in this file, as they would live with the clients.
beforeEach(() => {
  app = createApp({
    apiKeys: [
      { id: 'key-alice', owner: 'alice', hash: sha256(aliceKey) },
      { id: 'key-bob', owner: 'bob', hash: sha256(bobKey) },
    ],
  })
})

const withKey = (key: string, path = '/tasks') => request(app).get(path).set('Authorization', `Bearer ${key}`)

/** The auth-params of the response's Bearer challenge; fails the test when there is none (RFC 6750 §3). */
function bearerChallenge(response: request.Response): Record<string, string> {
  const header: unknown = response.headers['www-authenticate']
  expect(header, 'WWW-Authenticate header (RFC 6750 §3)').toEqual(expect.any(String))
  const challenge = parseWwwAuthenticate(header as string).find(({ scheme }) => scheme === 'bearer')
  expect(challenge, `a Bearer challenge in WWW-Authenticate: ${String(header)}`).toBeDefined()
  return challenge!.params
}

describe('challenge', () => {
  it('GET /tasks without credentials responds 401 with problem details (RFC 6750 §3, RFC 9457)', async () => {
    const response = await request(app).get('/tasks')
    expectProblem(response, 401)
  })

  it('a 401 without credentials challenges with WWW-Authenticate: Bearer realm="..." (RFC 6750 §3)', async () => {
    const response = await request(app).get('/tasks')
    expect(bearerChallenge(response).realm, 'the realm auth-param').toMatch(/\S/)
  })

  it('a request that sent no credentials gets no error code or other error information (RFC 6750 §3.1)', async () => {
    const params = bearerChallenge(await request(app).get('/tasks'))
    expect(params).not.toHaveProperty('error')
    expect(params).not.toHaveProperty('error_description')
    expect(params).not.toHaveProperty('error_uri')
  })

  it('another auth-scheme (Basic) counts as no credentials: 401, a Bearer challenge, no error code (RFC 6750 §3.1)', async () => {
    const basic = `Basic ${Buffer.from(`alice:${aliceKey}`).toString('base64')}`
    const response = await request(app).get('/tasks').set('Authorization', basic)
    expectProblem(response, 401)
    expect(bearerChallenge(response)).not.toHaveProperty('error')
  })

  it('POST /tasks without credentials responds 401 and creates nothing', async () => {
    const response = await request(app).post('/tasks').send({ title: 'Sneak in' })
    expectProblem(response, 401)
    expect((await withKey(aliceKey)).body).toEqual({ items: [] })
  })

  it('GET /health stays public: 200 without credentials', async () => {
    const response = await request(app).get('/health')
    expect(response.status).toBe(200)
    expect(response.body).toEqual({ status: 'ok' })
  })
})

describe('hashed-keys', () => {
  it('a configured key sent as Authorization: Bearer <key> unlocks GET /tasks (RFC 6750 §2.1)', async () => {
    const response = await withKey(aliceKey)
    expect(response.status).toBe(200)
    expect(response.body).toEqual({ items: [] })
  })

  it('every configured key works, so a key can be rotated without downtime', async () => {
    const created = await request(app).post('/tasks').set('Authorization', `Bearer ${bobKey}`).send({ title: 'Rotate keys' })
    expect(created.status).toBe(201)
    const listed = await withKey(aliceKey)
    expect(listed.status).toBe(200)
    expect(listed.body.items).toEqual([created.body])
  })

  it('the stored hash is not a key: sending the hash itself responds 401 (keys are stored hashed)', async () => {
    const response = await withKey(sha256(aliceKey))
    expectProblem(response, 401)
  })

  it('createApp() with no keys configured refuses every key (fail closed)', async () => {
    const response = await request(createApp()).get('/tasks').set('Authorization', `Bearer ${aliceKey}`)
    expectProblem(response, 401)
  })
})

describe('invalid-key', () => {
  it('a key that matches no record responds 401 with error="invalid_token" (RFC 6750 §3.1)', async () => {
    const response = await withKey(newKey())
    expectProblem(response, 401)
    const params = bearerChallenge(response)
    expect(params.error).toBe('invalid_token')
    expect(params.realm, 'the realm auth-param').toMatch(/\S/)
  })

  it('a revoked key is refused like any unknown key (RFC 6750 §3.1)', async () => {
    const revoked = createApp({ apiKeys: [{ id: 'key-bob', owner: 'bob', hash: sha256(bobKey) }] })
    const response = await request(revoked).get('/tasks').set('Authorization', `Bearer ${aliceKey}`)
    expectProblem(response, 401)
    expect(bearerChallenge(response).error).toBe('invalid_token')
  })

  it.each([
    ['one character', 'x'],
    ['2,000 characters', 'k'.repeat(2000)],
    ['the valid key with its last character dropped', aliceKey.slice(0, -1)],
    ['the valid key with padding added', `${aliceKey}==`],
  ])('a wrong key of %s responds 401 invalid_token, never 500: compare digests of equal length', async (_, key) => {
    const response = await withKey(key)
    expectProblem(response, 401)
    expect(bearerChallenge(response).error).toBe('invalid_token')
  })

  it('the 401 does not echo the key it refused, in the body or the headers (RFC 6750 §5.1)', async () => {
    const key = newKey()
    const response = await withKey(key)
    expectProblem(response, 401)
    expect(response.text).not.toContain(key)
    expect(JSON.stringify(response.headers)).not.toContain(key)
  })

  it('POST /tasks with a wrong key creates nothing', async () => {
    const response = await request(app).post('/tasks').set('Authorization', `Bearer ${newKey()}`).send({ title: 'Sneak in' })
    expectProblem(response, 401)
    expect((await withKey(aliceKey)).body).toEqual({ items: [] })
  })
})

describe('malformed-request', () => {
  it('"Authorization: Bearer" with no key responds 400 with error="invalid_request" (RFC 6750 §2.1, §3.1)', async () => {
    const response = await request(app).get('/tasks').set('Authorization', 'Bearer')
    expectProblem(response, 400)
    expect(bearerChallenge(response).error).toBe('invalid_request')
  })

  it('a key in the access_token query parameter is refused with 400 invalid_request, even a valid one (RFC 6750 §2.3, §3.1; RFC 9700 §4.3.2)', async () => {
    const response = await request(app).get('/tasks').query({ access_token: aliceKey })
    expectProblem(response, 400)
    expect(bearerChallenge(response).error).toBe('invalid_request')
    expect(response.text).not.toContain(aliceKey)
  })

  it('a key in both the header and the query responds 400 invalid_request: more than one method (RFC 6750 §3.1)', async () => {
    const response = await withKey(aliceKey).query({ access_token: aliceKey })
    expectProblem(response, 400)
    expect(bearerChallenge(response).error).toBe('invalid_request')
  })

  it('the auth-scheme is case-insensitive: "bearer <key>" is accepted (RFC 9110 §11.1)', async () => {
    const response = await request(app).get('/tasks').set('Authorization', `bearer ${aliceKey}`)
    expect(response.status).toBe(200)
  })

  it('several spaces may separate "Bearer" from the key (RFC 6750 §2.1: "Bearer" 1*SP b64token)', async () => {
    const response = await request(app).get('/tasks').set('Authorization', `Bearer   ${aliceKey}`)
    expect(response.status).toBe(200)
  })
})

import { createTokenFactory, expectProblem, fakeClock, parseWwwAuthenticate, type TokenFactory } from '@workbook/testkit'
import request from 'supertest'
import { beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createApp } from '#src/app.ts'

const START = '2026-01-01T00:00:00Z'
const clock = fakeClock(START)
let tokens: TokenFactory
let app: ReturnType<typeof createApp>

// One issuer (a fresh RS256 key pair) for the file; one app per test, trusting only that issuer.
beforeAll(async () => {
  tokens = await createTokenFactory({ now: clock.now })
})

beforeEach(() => {
  clock.set(START)
  app = createApp({ jwks: tokens.jwks, issuer: tokens.issuer, audience: tokens.audience, now: clock.now })
})

const withToken = (token: string, path = '/me') => request(app).get(path).set('Authorization', `Bearer ${token}`)

/** The auth-params of the response's Bearer challenge; fails the test when there is none (RFC 6750 §3). */
function bearerChallenge(response: request.Response): Record<string, string> {
  const header: unknown = response.headers['www-authenticate']
  expect(header, 'WWW-Authenticate header (RFC 6750 §3)').toEqual(expect.any(String))
  const challenge = parseWwwAuthenticate(header as string).find(({ scheme }) => scheme === 'bearer')
  expect(challenge, `a Bearer challenge in WWW-Authenticate: ${String(header)}`).toBeDefined()
  return challenge!.params
}

/** The refusal every bad token gets: 401, problem details, and error="invalid_token" (RFC 6750 §3.1). */
async function expectRefused(token: string) {
  const response = await withToken(token)
  expectProblem(response, 401)
  expect(bearerChallenge(response).error, 'the error auth-param (RFC 6750 §3.1)').toBe('invalid_token')
  expect(response.text, 'the refusal does not echo claims of a token it did not trust').not.toContain('mallory')
}

/** The token with some claims changed and the original signature kept: what an attacker can do by hand. */
function tamper(token: string, claims: Record<string, unknown>) {
  const [header, payload, signature] = token.split('.') as [string, string, string]
  const changed = { ...JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')), ...claims }
  return [header, Buffer.from(JSON.stringify(changed)).toString('base64url'), signature].join('.')
}

describe('verify-signature', () => {
  it('a valid RS256 access token unlocks GET /me, which shows the caller\'s sub (RFC 6750 §2.1, RFC 7519 §4.1.2)', async () => {
    const response = await withToken(await tokens.sign('alice'))
    expect(response.status).toBe(200)
    expect(response.body).toEqual({ sub: 'alice' })
  })

  it('a valid token unlocks GET /tasks too', async () => {
    const response = await withToken(await tokens.sign('alice'), '/tasks')
    expect(response.status).toBe(200)
    expect(response.body).toEqual({ items: [] })
  })

  it('an unsigned token (alg "none") is refused with 401 invalid_token (RFC 8725 §2.1, §3.1)', async () => {
    await expectRefused(tokens.unsigned('mallory'))
  })

  it('algorithm confusion, HS256 keyed with the public key, is refused (RFC 8725 §2.1, §3.1)', async () => {
    await expectRefused(await tokens.confused('mallory'))
  })

  it('a token signed by a key the API does not trust is refused, even with a trusted kid (RFC 7519 §7.2)', async () => {
    await expectRefused(await tokens.foreign('mallory'))
  })

  it('a token whose payload was edited after signing is refused (RFC 7515 §5.2, RFC 7519 §7.2)', async () => {
    const genuine = await tokens.sign('alice')
    await expectRefused(tamper(genuine, { sub: 'mallory' }))
  })

  it('something that is not a JWT at all is refused with 401 invalid_token (RFC 6750 §3.1)', async () => {
    await expectRefused('mallory.is.here')
  })

  it('without a token, GET /me responds 401 with a Bearer challenge and no error code (RFC 6750 §3, §3.1)', async () => {
    const response = await request(app).get('/me')
    expectProblem(response, 401)
    expect(bearerChallenge(response)).not.toHaveProperty('error')
  })

  it('createApp() with no JWKS trusts no issuer: a well-signed token is refused (fail closed)', async () => {
    const response = await request(createApp({ now: clock.now })).get('/me').set('Authorization', `Bearer ${await tokens.sign('alice')}`)
    expectProblem(response, 401)
  })
})

describe('claims', () => {
  it('a token from another issuer is refused, even signed by a trusted key (RFC 7519 §4.1.1, RFC 8725 §3.8)', async () => {
    await expectRefused(await tokens.sign('mallory', {}, { issuer: 'https://evil.example' }))
  })

  it('a token minted for another API (aud) is refused (RFC 7519 §4.1.3, RFC 8725 §3.9, RFC 9700 §2.3)', async () => {
    await expectRefused(await tokens.sign('mallory', {}, { audience: 'https://other-api.workbook.test' }))
  })

  it('an aud array that includes this API is accepted (RFC 7519 §4.1.3)', async () => {
    const token = await tokens.sign('alice', {}, { audience: ['https://other-api.workbook.test', tokens.audience] })
    expect((await withToken(token)).status).toBe(200)
  })

  it('a token works until exp, and is refused once exp plus a leeway of at most a few minutes has passed, on the app\'s clock (RFC 7519 §4.1.4)', async () => {
    const token = await tokens.sign('alice', {}, { expiresIn: 300 })
    clock.advance(290_000)
    expect((await withToken(token)).status, 'ten seconds before exp').toBe(200)
    clock.advance(10_000 + 301_000)
    await expectRefused(token)
  })

  it('a token without exp is refused: it would be valid forever (RFC 9068 §2.2)', async () => {
    await expectRefused(await tokens.sign('mallory', {}, { noExpiry: true }))
  })

  it('a token that is not valid yet (nbf an hour ahead) is refused (RFC 7519 §4.1.5)', async () => {
    const inAnHour = Math.floor(clock.now() / 1000) + 3600
    await expectRefused(await tokens.sign('mallory', { nbf: inAnHour }))
  })

  it('a token without sub is refused: it says nothing about who calls (RFC 9068 §2.2)', async () => {
    // The factory writes `sub: subject`; JSON has no undefined, so the claim is left out.
    await expectRefused(await tokens.sign(undefined as unknown as string, { name: 'mallory' }))
  })
})

describe('token-type', () => {
  it('a JWT with typ "JWT", such as an ID token from the same issuer, is refused (RFC 9068 §4, RFC 8725 §3.11)', async () => {
    await expectRefused(await tokens.sign('mallory', {}, { typ: 'JWT' }))
  })

  it('a JWT with another explicit type (typ "dpop+jwt") is refused (RFC 8725 §3.11, §3.12)', async () => {
    await expectRefused(await tokens.sign('mallory', {}, { typ: 'dpop+jwt' }))
  })

  it('typ "application/at+jwt" is accepted: the media type may be written in full (RFC 9068 §4)', async () => {
    const response = await withToken(await tokens.sign('alice', {}, { typ: 'application/at+jwt' }))
    expect(response.status).toBe(200)
    expect(response.body).toEqual({ sub: 'alice' })
  })
})

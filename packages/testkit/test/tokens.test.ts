import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose'
import { describe, expect, it } from 'vitest'
import { createTokenFactory, fakeClock } from '../src/index.ts'

const verify = async (token: string, factory: Awaited<ReturnType<typeof createTokenFactory>>, currentDate?: Date) =>
  jwtVerify(token, createLocalJWKSet(factory.jwks), {
    algorithms: ['RS256'],
    issuer: factory.issuer,
    audience: factory.audience,
    typ: 'at+jwt',
    currentDate,
  })

describe('createTokenFactory', () => {
  it('signs tokens that a resource server pinned to RS256 accepts, with sub, iss, aud, exp', async () => {
    const tokens = await createTokenFactory()
    const { payload } = await verify(await tokens.sign('alice', { scope: 'tasks:read' }), tokens)
    expect(payload).toMatchObject({ sub: 'alice', scope: 'tasks:read', iss: tokens.issuer, aud: tokens.audience })
    expect(payload.exp! - payload.iat!).toBe(300)
  })

  it('mints tokens against a fake clock, so expiry is tested without sleeping', async () => {
    const clock = fakeClock('2026-01-01T00:00:00Z')
    const tokens = await createTokenFactory({ now: clock.now })
    const token = await tokens.sign('alice', {}, { expiresIn: 60 })
    await expect(verify(token, tokens, new Date(clock.now() + 61_000))).rejects.toThrow(/exp/)
  })

  it('makes attack tokens that a correct verifier rejects', async () => {
    const tokens = await createTokenFactory()
    expect(decodeProtectedHeader(tokens.unsigned('mallory')).alg).toBe('none')
    await expect(verify(tokens.unsigned('mallory'), tokens)).rejects.toThrow()
    await expect(verify(await tokens.confused('mallory'), tokens)).rejects.toThrow()
    await expect(verify(await tokens.foreign('mallory'), tokens)).rejects.toThrow()
    await expect(verify(await tokens.sign('mallory', {}, { audience: 'https://other.test' }), tokens)).rejects.toThrow(/aud/)
  })
})

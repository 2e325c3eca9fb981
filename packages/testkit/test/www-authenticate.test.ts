import { describe, expect, it } from 'vitest'
import { parseWwwAuthenticate } from '../src/index.ts'

describe('parseWwwAuthenticate', () => {
  it('reads a Bearer challenge with a realm (RFC 6750 §3)', () => {
    expect(parseWwwAuthenticate('Bearer realm="example"')).toEqual([{ scheme: 'bearer', params: { realm: 'example' } }])
  })

  it('reads the error parameters of RFC 6750 §3, commas inside quoted values included', () => {
    const [challenge] = parseWwwAuthenticate('Bearer realm="example", error="invalid_token", error_description="The access token expired, get a new one"')
    expect(challenge?.params).toEqual({ realm: 'example', error: 'invalid_token', error_description: 'The access token expired, get a new one' })
  })

  it('reads several challenges in one field, as in RFC 9110 §11.6.1', () => {
    const challenges = parseWwwAuthenticate('Newauth realm="apps", type=1, title="Login to \\"apps\\"", Basic realm="simple"')
    expect(challenges).toEqual([
      { scheme: 'newauth', params: { realm: 'apps', type: '1', title: 'Login to "apps"' } },
      { scheme: 'basic', params: { realm: 'simple' } },
    ])
  })

  it('reads token68 challenges, bare schemes and optional whitespace', () => {
    expect(parseWwwAuthenticate('Negotiate abc+/==, Basic ,Bearer  realm = "x" ,  error=invalid_request')).toEqual([
      { scheme: 'negotiate', params: {}, token68: 'abc+/==' },
      { scheme: 'basic', params: {} },
      { scheme: 'bearer', params: { realm: 'x', error: 'invalid_request' } },
    ])
  })

  it('lowercases scheme and parameter names, which are case-insensitive (RFC 9110 §11.1, §11.2)', () => {
    expect(parseWwwAuthenticate('BEARER Realm="x"')).toEqual([{ scheme: 'bearer', params: { realm: 'x' } }])
  })

  it.each(['Bearer realm="x', 'Bearer realm="x" error="y"', 'Bearer realm="a", realm="b"', 'Bearer realm=, error="x"', '"Bearer"'])('throws on %s', (value) => {
    expect(() => parseWwwAuthenticate(value)).toThrow(/RFC 9110/)
  })

  it('reads an empty field as no challenges', () => {
    expect(parseWwwAuthenticate('')).toEqual([])
  })
})

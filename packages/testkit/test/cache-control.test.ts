import { describe, expect, it } from 'vitest'
import { parseCacheControl } from '../src/index.ts'

describe('parseCacheControl', () => {
  it('reads directives by meaning: case and spacing do not matter (RFC 9111 §5.2)', () => {
    expect(parseCacheControl('No-Cache,private')).toEqual(new Map([['no-cache', true], ['private', true]]))
    expect(parseCacheControl('private ,  no-cache')).toEqual(new Map([['private', true], ['no-cache', true]]))
  })

  it('reads token and quoted-string values', () => {
    expect(parseCacheControl('max-age=60, private="Set-Cookie, Authorization"')).toEqual(
      new Map<string, string | true>([
        ['max-age', '60'],
        ['private', 'Set-Cookie, Authorization'],
      ]),
    )
  })

  it('allows empty list elements and an absent header', () => {
    expect(parseCacheControl('no-store, , max-age=0')).toEqual(new Map<string, string | true>([['no-store', true], ['max-age', '0']]))
    expect(parseCacheControl(undefined).size).toBe(0)
  })

  it('rejects a value that is not a list of directives', () => {
    expect(() => parseCacheControl('max-age=="1"')).toThrow(/not a list of directives/)
    expect(() => parseCacheControl('no cache')).toThrow(/not a list of directives/)
  })
})

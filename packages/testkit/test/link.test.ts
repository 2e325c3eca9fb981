import { describe, expect, it } from 'vitest'
import { parseLinkHeader } from '../src/index.ts'

describe('parseLinkHeader', () => {
  it('reads a target and its rel (RFC 8288 §3)', () => {
    expect(parseLinkHeader('</tasks?cursor=abc&limit=5>; rel="next"')).toEqual([
      { target: '/tasks?cursor=abc&limit=5', rel: ['next'], params: { rel: 'next' } },
    ])
  })

  it('reads token and quoted values, several links, and commas and semicolons inside <...> and quotes', () => {
    const links = parseLinkHeader('<https://a.test/x?a=1,2;b>;rel=prev, <https://a.test/y>; rel="next"; title="a, b; \\"c\\""')
    expect(links.map((link) => link.target)).toEqual(['https://a.test/x?a=1,2;b', 'https://a.test/y'])
    expect(links.map((link) => link.rel)).toEqual([['prev'], ['next']])
    expect(links[1]?.params.title).toBe('a, b; "c"')
  })

  it('splits a rel with several relation types and lowercases them (RFC 8288 §3.3)', () => {
    expect(parseLinkHeader('</p/2>; REL="Next  last"')[0]?.rel).toEqual(['next', 'last'])
  })

  it('keeps the first of repeated parameters (RFC 8288 §3)', () => {
    expect(parseLinkHeader('</a>; rel=next; rel=prev')[0]?.rel).toEqual(['next'])
  })

  it('joins repeated header fields and skips empty list elements (RFC 9110 §5.6.1)', () => {
    expect(parseLinkHeader(['</a>; rel=next', ' , </b>; rel=prev']).map((link) => link.target)).toEqual(['/a', '/b'])
    expect(parseLinkHeader(undefined)).toEqual([])
    expect(parseLinkHeader('')).toEqual([])
  })

  it('does not mistake a parameter named like an Object property for one that is present', () => {
    expect(parseLinkHeader('</a>; constructor=x')[0]?.rel).toEqual([])
  })

  it.each(['/tasks; rel=next', '</tasks; rel=next', '</a> rel=next', '</a>; rel="next', '</a>; =next'])('throws on %j, which breaks the grammar', (value) => {
    expect(() => parseLinkHeader(value)).toThrow(SyntaxError)
  })
})

/** One link of a `Link` header (RFC 8288 §3), as a client reads it. */
export interface WebLink {
  /** The target URI reference exactly as written between `<` and `>`; resolve it against the request URL (RFC 8288 §3.1, RFC 3986 §5). */
  target: string
  /** The relation types of `rel`, lowercased: registered types compare case-insensitively (RFC 8288 §2.1.1, §3.3). */
  rel: string[]
  /** Every parameter by lowercased name, quoted strings unescaped; the first occurrence wins (RFC 8288 §3). */
  params: Record<string, string>
}

const token = /[!#$%&'*+\-.^_`|~0-9A-Za-z]+/y

/**
 * Parses a `Link` header field value (RFC 8288 §3) into its links, so tests find `rel="next"` by
 * meaning instead of with a regular expression: commas and semicolons inside `<...>` or quoted
 * strings, several relation types in one `rel`, token or quoted values and repeated fields joined
 * with ", " are all handled. Throws on a value that does not follow the grammar. An absent header
 * is no links.
 */
export function parseLinkHeader(value: string | string[] | undefined): WebLink[] {
  const text = Array.isArray(value) ? value.join(', ') : (value ?? '')
  const links: WebLink[] = []
  let at = 0

  const fail = (expected: string): never => {
    throw new SyntaxError(`Link header: expected ${expected} at position ${at} of ${JSON.stringify(text)}`)
  }
  const skipSpace = () => {
    while (text[at] === ' ' || text[at] === '\t') at++
  }
  const readToken = (what: string) => {
    token.lastIndex = at
    const match = token.exec(text) ?? fail(what)
    at = token.lastIndex
    return match[0]
  }
  // quoted-string (RFC 9110 §5.6.4): a backslash escapes the next character.
  const readQuoted = () => {
    let result = ''
    for (at++; at < text.length; at++) {
      const char = text[at]
      if (char === '"') {
        at++
        return result
      }
      if (char === '\\') at++
      result += text[at] ?? ''
    }
    return fail('a closing double quote')
  }

  while (true) {
    skipSpace()
    // A list may contain empty elements (RFC 9110 §5.6.1).
    while (text[at] === ',') {
      at++
      skipSpace()
    }
    if (at >= text.length) return links
    if (text[at] !== '<') fail('"<" starting a link')
    const close = text.indexOf('>', at)
    if (close < 0) fail('">" closing the link target')
    const target = text.slice(at + 1, close)
    at = close + 1

    const params: Record<string, string> = {}
    skipSpace()
    while (text[at] === ';') {
      at++
      skipSpace()
      const name = readToken('a parameter name').toLowerCase()
      skipSpace()
      let paramValue = ''
      if (text[at] === '=') {
        at++
        skipSpace()
        paramValue = text[at] === '"' ? readQuoted() : readToken('a parameter value')
      }
      if (!Object.hasOwn(params, name)) params[name] = paramValue
      skipSpace()
    }
    if (at < text.length && text[at] !== ',') fail('";" or "," after a link')

    const rel = (params.rel ?? '')
      .split(' ')
      .filter((type) => type !== '')
      .map((type) => type.toLowerCase())
    links.push({ target, rel, params })
  }
}

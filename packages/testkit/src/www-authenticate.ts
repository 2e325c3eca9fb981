/** One challenge of a `WWW-Authenticate` field (RFC 9110 §11.6.1), as a client reads it. */
export interface Challenge {
  /** The auth-scheme, lowercased: schemes are case-insensitive (RFC 9110 §11.1). */
  scheme: string
  /** The auth-params, names lowercased (RFC 9110 §11.2), values unquoted and unescaped. */
  params: Record<string, string>
  /** The token68 form, when the challenge uses it instead of auth-params. */
  token68?: string
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+/
const TOKEN68 = /^[A-Za-z0-9\-._~+/]+=*(?=[ \t]*(,|$))/

/**
 * Parses a `WWW-Authenticate` field value into its challenges, following the grammar of RFC 9110
 * §11.6.1 and §11.2: `#challenge`, where `challenge = auth-scheme [ 1*SP ( token68 / #auth-param ) ]`
 * and `auth-param = token BWS "=" BWS ( token / quoted-string )`. A field may carry several
 * challenges, and a comma separates both challenges and the params inside one, so splitting on
 * commas (or matching with a regex) misreads values such as `error_description="a, b"`.
 * Throws on text that does not follow the grammar, and on a parameter repeated in one challenge
 * (RFC 9110 §11.2: "each parameter name MUST only occur once per challenge").
 */
export function parseWwwAuthenticate(value: string): Challenge[] {
  let rest = value
  const fail = (what: string): never => {
    throw new Error(`WWW-Authenticate is not valid (RFC 9110 §11.6.1): ${what} at ${JSON.stringify(rest)} in ${JSON.stringify(value)}`)
  }
  const skip = (pattern: RegExp) => {
    rest = rest.replace(pattern, '')
  }
  const take = (pattern: RegExp): string | undefined => {
    const match = pattern.exec(rest)
    if (!match) return undefined
    rest = rest.slice(match[0].length)
    return match[0]
  }
  const quotedString = (): string => {
    const match = /^"((?:[^"\\]|\\.)*)"/.exec(rest) ?? fail('an unterminated quoted-string')
    rest = rest.slice(match[0].length)
    return match[1]!.replace(/\\(.)/g, '$1')
  }
  /** True when the text ahead is `token BWS "="`, i.e. an auth-param rather than the next challenge. */
  const paramAhead = () => /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+[ \t]*=/.test(rest) && !TOKEN68.test(rest)

  const challenges: Challenge[] = []
  skip(/^[ \t,]+/)
  while (rest !== '') {
    const scheme = take(TOKEN) ?? fail('expected an auth-scheme')
    const challenge: Challenge = { scheme: scheme.toLowerCase(), params: {} }
    challenges.push(challenge)
    if (take(/^ +/) !== undefined && rest !== '' && !rest.startsWith(',')) {
      const token68 = take(TOKEN68)
      if (token68 !== undefined) challenge.token68 = token68
      else {
        do {
          const name = (take(TOKEN) ?? fail('expected a parameter name')).toLowerCase()
          skip(/^[ \t]*/)
          if (take(/^=/) === undefined) fail(`expected "=" after ${name}`)
          skip(/^[ \t]*/)
          const paramValue = rest.startsWith('"') ? quotedString() : (take(TOKEN) ?? fail(`expected a value for ${name}`))
          if (Object.hasOwn(challenge.params, name)) fail(`parameter ${name} repeated`)
          challenge.params[name] = paramValue
          skip(/^[ \t]*/)
          if (rest !== '' && take(/^,/) === undefined) fail('expected "," between parameters')
          skip(/^[ \t,]*/)
        } while (rest !== '' && paramAhead())
        continue
      }
    }
    skip(/^[ \t]*/)
    if (rest !== '' && take(/^,/) === undefined) fail('expected "," between challenges')
    skip(/^[ \t,]*/)
  }
  return challenges
}

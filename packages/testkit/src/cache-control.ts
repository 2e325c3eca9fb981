/** One directive name (a token, RFC 9110 §5.6.2), then optionally `=` and a token or quoted-string. */
const DIRECTIVE = /[ \t]*([!#$%&'*+.^_`|~0-9A-Za-z-]+)(?:=(?:([!#$%&'*+.^_`|~0-9A-Za-z-]+)|"((?:[^"\\]|\\.)*)"))?[ \t]*(?:,|$)/y

/**
 * Parses a Cache-Control field value (RFC 9111 §5.2) into its directives, so tests check caching
 * rules by meaning, not by the text: `private, no-cache` and `No-Cache,private` are the same policy.
 * Directive names are lowercased (they are case-insensitive, §5.2), quoted values are unquoted, and a
 * directive without a value maps to `true`. Cache-Control is not a structured field, so the RFC 9651
 * parsers would reject valid values such as `Private`. Throws on a value that is not a directive list.
 */
export function parseCacheControl(value: string | undefined): Map<string, string | true> {
  const directives = new Map<string, string | true>()
  if (value === undefined) return directives
  DIRECTIVE.lastIndex = 0
  while (DIRECTIVE.lastIndex < value.length) {
    const rest = value.slice(DIRECTIVE.lastIndex)
    if (/^[ \t]*$/.test(rest)) break
    // Empty list elements (`a, , b`) are allowed by the list syntax (RFC 9110 §5.6.1).
    if (/^[ \t]*,/.test(rest)) {
      DIRECTIVE.lastIndex = value.indexOf(',', DIRECTIVE.lastIndex) + 1
      continue
    }
    const start = DIRECTIVE.lastIndex
    const match = DIRECTIVE.exec(value)
    if (!match || DIRECTIVE.lastIndex === start) throw new Error(`Cache-Control "${value}" is not a list of directives (RFC 9111 §5.2)`)
    const [, name = '', token, quoted] = match
    directives.set(name.toLowerCase(), token ?? quoted?.replace(/\\(.)/g, '$1') ?? true)
  }
  return directives
}

/**
 * RFC 9651 structured field parsing for tests, so headers such as RateLimit, RateLimit-Policy and
 * Deprecation are checked by meaning, not by a regular expression over their text.
 */
export { parseDictionary, parseItem, parseList } from 'structured-headers'

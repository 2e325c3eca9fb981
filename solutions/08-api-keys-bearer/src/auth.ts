import { createHash, timingSafeEqual } from 'node:crypto'
import type { RequestHandler, Response } from 'express'
import { HttpProblem } from './problem.ts'

/** An API key as the server stores it: who it belongs to and a digest of it, never the key itself. */
export interface ApiKeyRecord {
  /** Names the key in logs and dashboards; safe to show. */
  id: string
  /** Who the key belongs to. */
  owner: string
  /** SHA-256 digest of the key's UTF-8 bytes, as 64 lowercase hex digits. */
  hash: string
}

const REALM = 'tasks'
// RFC 6750 §2.1: credentials = "Bearer" 1*SP b64token. The scheme is case-insensitive (RFC 9110 §11.1).
const BEARER_SCHEME = /^Bearer(?: |$)/i
const BEARER_CREDENTIALS = /^Bearer +([A-Za-z0-9\-._~+/]+=*)$/i

/**
 * Lets a request through only when it carries `Authorization: Bearer <key>` with one of `keys`
 * (RFC 6750 §2.1); answers everything else as RFC 6750 §3 says.
 */
export function requireApiKey(keys: ApiKeyRecord[]): RequestHandler {
  const digests = keys.map((key) => {
    // A typo in the configuration must stop the server, not silently lock a client out.
    if (!/^[0-9a-f]{64}$/i.test(key.hash)) throw new TypeError(`API key ${key.id}: hash must be a hex SHA-256 digest`)
    return { id: key.id, owner: key.owner, digest: Buffer.from(key.hash, 'hex') }
  })

  /** The record whose digest equals the key's, compared in constant time. */
  const find = (key: string) => {
    const presented = createHash('sha256').update(key, 'utf8').digest()
    // Both sides are 32-byte digests, so timingSafeEqual never sees unequal lengths.
    return digests.find((record) => timingSafeEqual(record.digest, presented))
  }

  return (req, res, next) => {
    // URLs end up in logs, browser history and Referer headers, so this API does not support the
    // query method (RFC 6750 §2.3, §5.3; RFC 9700 §4.3.2): such a parameter is unsupported, and
    // next to a header it is a second method; both are invalid_request (RFC 6750 §3.1).
    if (Object.hasOwn(req.query, 'access_token')) {
      refuse(res, 400, 'invalid_request', 'Send the key in the Authorization header, never in the URL')
    }
    const header = req.get('Authorization')
    // No credentials, or another scheme (Basic, ...): a bare challenge, no error code (RFC 6750 §3.1).
    if (header === undefined || !BEARER_SCHEME.test(header)) {
      refuse(res, 401, undefined, 'Send an API key as Authorization: Bearer <key>')
    }
    const key = BEARER_CREDENTIALS.exec(header)?.[1]
    if (key === undefined) {
      refuse(res, 400, 'invalid_request', 'Send Bearer, one or more spaces, then the key')
    }
    const record = find(key)
    if (!record) {
      // Never repeat the key: error bodies end up in logs and support tickets.
      refuse(res, 401, 'invalid_token', 'The API key is not valid')
    }
    // Who is calling, for handlers and access logs: the key's id and owner, never the key.
    res.locals.apiKey = { id: record.id, owner: record.owner }
    next()
  }
}

/**
 * Refuses the request with a Bearer challenge (RFC 6750 §3); the error handler tells the same story
 * as problem details (RFC 9457). `description` must stay within what RFC 6750 §3 allows in
 * error_description: printable ASCII without `"` or `\`.
 */
function refuse(res: Response, status: 400 | 401, error: 'invalid_request' | 'invalid_token' | undefined, description: string): never {
  const params = [`realm="${REALM}"`]
  if (error) params.push(`error="${error}"`, `error_description="${description}"`)
  res.set('WWW-Authenticate', `Bearer ${params.join(', ')}`)
  throw new HttpProblem(status, description)
}

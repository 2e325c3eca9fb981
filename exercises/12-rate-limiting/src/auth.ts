import { createHash, timingSafeEqual } from 'node:crypto'
import type { Request, RequestHandler, Response } from 'express'
import { HttpProblem } from './problem.ts'

/** An API key as the server stores it: who it belongs to and a digest of it, never the key itself. */
export interface ApiKeyRecord {
  /** Names the key in logs and dashboards; safe to show. */
  id: string
  /** Who the key belongs to: one client may hold several keys. */
  owner: string
  /** SHA-256 digest of the key's UTF-8 bytes, as 64 lowercase hex digits. */
  hash: string
}

/** The caller `requireApiKey` recognised: the key's id and owner, never the key. */
export interface Caller {
  keyId: string
  owner: string
}

const callers = new WeakMap<Request, Caller>()

/** The caller `requireApiKey` verified. Throws, and so fails closed, on a route mounted without it. */
export function callerOf(req: Request): Caller {
  const caller = callers.get(req)
  if (!caller) throw new Error('callerOf() needs requireApiKey() to run first')
  return caller
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
    return digests.find((record) => timingSafeEqual(record.digest, presented))
  }

  return (req, res, next) => {
    // Keys in URLs end up in logs, history and Referer (RFC 6750 §2.3, §5.3; RFC 9700 §4.3.2).
    if (Object.hasOwn(req.query, 'access_token')) {
      refuse(res, 400, 'invalid_request', 'Send the key in the Authorization header, never in the URL')
    }
    const header = req.get('Authorization')
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
    callers.set(req, { keyId: record.id, owner: record.owner })
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

/** A user name and password, as a client sent them. */
export interface Credentials {
  username: string
  password: string
}

// RFC 7617 §2: credentials = "Basic" 1*SP token68, the token68 being base64 of user-id ":" password.
const BASIC_CREDENTIALS = /^Basic +([A-Za-z0-9+/]+=*)$/i

/** The credentials in `Authorization: Basic`, or undefined when there are none or they are malformed. */
export function basicCredentials(req: Request): Credentials | undefined {
  const token = BASIC_CREDENTIALS.exec(req.get('Authorization') ?? '')?.[1]
  if (token === undefined) return undefined
  // The challenge announces charset="UTF-8" (RFC 7617 §2.1), so the pair is read as UTF-8.
  const pair = Buffer.from(token, 'base64').toString('utf8')
  // The user-id ends at the first colon and cannot be empty; the password may hold colons (§2).
  const colon = pair.indexOf(':')
  if (colon < 1) return undefined
  return { username: pair.slice(0, colon), password: pair.slice(colon + 1) }
}

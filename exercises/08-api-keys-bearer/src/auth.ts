import type { RequestHandler } from 'express'

/** An API key as the server stores it: who it belongs to and a digest of it, never the key itself. */
export interface ApiKeyRecord {
  /** Names the key in logs and dashboards; safe to show. */
  id: string
  /** Who the key belongs to. */
  owner: string
  /** SHA-256 digest of the key's UTF-8 bytes, as 64 lowercase hex digits. */
  hash: string
}

/**
 * Lets a request through only when it carries `Authorization: Bearer <key>` with one of `keys`
 * (RFC 6750 §2.1); answers everything else as RFC 6750 §3 says.
 */
export function requireApiKey(keys: ApiKeyRecord[]): RequestHandler {
  return (req, res, next) => {
    // Refuse by setting WWW-Authenticate, then `throw new HttpProblem(status, detail)` (./problem.ts).
    // TODO: without Bearer credentials, answer 401 with `WWW-Authenticate: Bearer realm="tasks"` (RFC 6750 §3).
    // TODO: hash the presented key with SHA-256 and compare it, in constant time, with each record's hash.
    // TODO: answer a key that matches no record with 401 and error="invalid_token" in the challenge (RFC 6750 §3.1).
    // TODO: answer `Bearer` without a key, or a key in the URL (?access_token=), with 400 and error="invalid_request".
    next()
  }
}

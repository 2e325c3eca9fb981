import { randomUUID } from 'node:crypto'

/**
 * A caller's id we are willing to reuse: up to 128 letters, digits, ".", "_" and "-". Nothing in
 * it can end a log line, close a JSON string, open an HTML tag or split a header, wherever the id
 * travels next (OWASP Logging Cheat Sheet, "Event collection"; ASVS 16.4.1). A UUID, a ULID and
 * the ids of common load balancers all fit.
 */
const REUSABLE = /^[A-Za-z0-9._-]{1,128}$/

/**
 * The id of one request, for `X-Request-Id`, every log line and every problem body. The caller's
 * own id is kept when it is safe, so the caller's logs and ours name the same request; anything
 * else is replaced, not repaired: an altered id would match nothing the caller logged.
 */
export function requestIdFor(incoming: string | undefined): string {
  if (incoming !== undefined && REUSABLE.test(incoming)) return incoming
  // Random, so it reveals nothing and cannot be guessed (a version 4 UUID, RFC 9562).
  return randomUUID()
}

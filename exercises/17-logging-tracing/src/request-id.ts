import { randomUUID } from 'node:crypto'

/**
 * The id of one request, for `X-Request-Id`, every log line and every problem body. The caller's
 * own id is kept when it is safe, so the caller's logs and ours name the same request; anything
 * else is replaced by a new random id.
 */
export function requestIdFor(incoming: string | undefined): string {
  // TODO: reuse `incoming` when it is safe to echo in a header and write to any log: up to 128
  // letters, digits, ".", "_" and "-". Replace anything else, don't repair it (OWASP Logging Cheat Sheet).
  return randomUUID()
}

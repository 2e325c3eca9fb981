import { createHash } from 'node:crypto'
import { parseItem } from 'structured-headers'
import { HttpProblem } from './problem.ts'

/** Long enough for a UUID or any sensible random key; a cap keeps one key from costing much memory. */
const MAX_KEY_LENGTH = 255
const KEY_REQUIRED = 'https://api.workbook.test/problems/idempotency-key-required'
const EXAMPLE_KEY = '8e03978e-40d5-43e8-bc93-6894a57f9324'

/**
 * The key of an `Idempotency-Key` field: a structured-field String (draft-ietf-httpapi-idempotency-
 * key-header §2.1, RFC 9651 §3.3.3) of 1 to 255 characters, such as a quoted UUID.
 * Anything else is refused with 400 (§2.7): a key the server cannot validate cannot be trusted (§4).
 */
export function idempotencyKey(field: string | undefined): string {
  let key: unknown
  try {
    key = field === undefined ? undefined : parseItem(field)[0]
  } catch {
    // Not a structured field at all; said below.
  }
  if (typeof key !== 'string' || key.length === 0 || key.length > MAX_KEY_LENGTH) {
    const problem = field === undefined ? 'is missing' : `must be a quoted string of 1 to ${MAX_KEY_LENGTH} characters`
    throw new HttpProblem(400, `Idempotency-Key ${problem}, e.g. Idempotency-Key: "${EXAMPLE_KEY}". Send a new key for each new payment.`, {
      type: KEY_REQUIRED,
      title: 'A valid Idempotency-Key is required',
    })
  }
  return key
}

/**
 * A digest of what a request asks for (draft §2.4), to tell a retry from a different request that
 * reuses its key. It is taken over the validated body, so member order and whitespace don't count.
 */
export function fingerprintOf(body: unknown): string {
  return createHash('sha256').update(JSON.stringify(body)).digest('base64url')
}

/** What the API answered to a request, kept so that a retry gets exactly the same answer. */
export interface StoredResponse {
  status: number
  headers: Record<string, string>
  body: unknown
}

/** Where a request stands with its key (draft §2.6). */
export type Claim =
  /** The key is new and now held by this request: do the work, then `complete` or `abandon`. */
  | { state: 'new'; complete(response: StoredResponse): void; abandon(): void }
  /** The first request with this key has not answered yet. */
  | { state: 'in-flight' }
  /** The key was first used with another payload. */
  | { state: 'mismatch' }
  /** The first request has answered: answer the same. */
  | { state: 'done'; response: StoredResponse }

interface Entry {
  fingerprint: string
  expiresAt: number
  response?: StoredResponse
}

/**
 * The keys the API has seen, each with its request's fingerprint and, once it has one, its response.
 * A key is forgotten `ttlMs` after its first use (draft §2.3), so the same key may then start over.
 */
export function createIdempotencyStore({ now, ttlMs }: { now: () => number; ttlMs: number }) {
  const entries = new Map<string, Entry>()

  /** Map order is insertion order, so the oldest entries come first: stop at the first live one. */
  function forgetExpired() {
    for (const [key, entry] of entries) {
      if (entry.expiresAt > now()) break
      entries.delete(key)
    }
  }

  return {
    /**
     * Looks the key up and, when it is new, takes it, in one synchronous step: no other request can
     * run between the check and the take, so two requests cannot both see the key as new.
     */
    claim(key: string, fingerprint: string): Claim {
      forgetExpired()
      const entry = entries.get(key)
      if (entry) {
        if (entry.fingerprint !== fingerprint) return { state: 'mismatch' }
        return entry.response ? { state: 'done', response: entry.response } : { state: 'in-flight' }
      }
      const claimed: Entry = { fingerprint, expiresAt: now() + ttlMs }
      entries.set(key, claimed)
      return {
        state: 'new',
        complete(response) {
          claimed.response = response
        },
        // Frees the key for a retry, unless it expired meanwhile and another request holds it now.
        abandon() {
          if (entries.get(key) === claimed) entries.delete(key)
        },
      }
    },
  }
}

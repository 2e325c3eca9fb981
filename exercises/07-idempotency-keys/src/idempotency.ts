/** What the API answered to a request, kept so that a retry gets exactly the same answer. */
export interface StoredResponse {
  status: number
  headers: Record<string, string>
  body: unknown
}

/** Where a request stands with its key (draft-ietf-httpapi-idempotency-key-header §2.6). */
export type Claim =
  /** The key is new and now held by this request: do the work, then `complete` or `abandon`. */
  | { state: 'new'; complete(response: StoredResponse): void; abandon(): void }
  /** The first request with this key has not answered yet. */
  | { state: 'in-flight' }
  /** The key was first used with another payload. */
  | { state: 'mismatch' }
  /** The first request has answered: answer the same. */
  | { state: 'done'; response: StoredResponse }

/**
 * The keys the API has seen, each with a fingerprint of its request's body and, once it has one,
 * its response. A key is forgotten `ttlMs` after its first use, so the same key may then start over.
 */
export function createIdempotencyStore({ now, ttlMs }: { now: () => number; ttlMs: number }) {
  // TODO: keep an entry per key: the fingerprint, when it expires, and the response once there is one.
  return {
    /** Looks the key up and, when it is new, takes it for this request. */
    claim(key: string, fingerprint: string): Claim {
      // TODO: answer 'done', 'in-flight' or 'mismatch' for a key you have seen, and forget expired keys.
      return { state: 'new', complete() {}, abandon() {} }
    },
  }
}

import { z } from 'zod'

/** Page size when the client names none. */
export const DEFAULT_LIMIT = 20
/** The most tasks one page may hold; a larger limit is clamped to it, as Google AIP-158 does. */
export const MAX_LIMIT = 100

/**
 * The query string of `GET /tasks`. Values arrive as strings, or as arrays of strings when a
 * parameter is repeated.
 */
// TODO: limit: a whole number from 1, clamped to MAX_LIMIT, DEFAULT_LIMIT when absent.
// TODO: cursor: an opaque string that says where the next page starts; anything the API did not issue is an error.
// TODO: done: true or false. Any other parameter is an error, not something to ignore.
export const ListQuery = z.object({})

// TODO: encode the cursor after a task (base64url, RFC 4648 §5), and decode it back.

import type { Task } from './task.ts'

/**
 * The entity tag of a task (RFC 9110 §8.8.3): a quoted string that is the same while the task does
 * not change and different as soon as any of its fields does, a strong validator.
 */
export function etagOf(task: Task): string {
  // TODO: derive the tag from the whole task, e.g. a hash of its JSON, and put it in double quotes.
  throw new Error('etagOf() is not written yet')
}

/**
 * Whether a GET goes ahead under If-None-Match (RFC 9110 §13.1.2): `field` is the header's value,
 * or undefined when the request has none. It does not when the field is `*` or lists the current
 * tag, compared weakly (§8.8.3.2): `W/"x"` matches `"x"`.
 */
export function ifNoneMatch(field: string | undefined, etag: string): boolean {
  // TODO: parse the list of entity-tags in the field (or `*`) and compare each with etag.
  throw new Error('ifNoneMatch() is not written yet')
}

/**
 * Whether an update goes ahead under If-Match (RFC 9110 §13.1.1): only when the field is `*` or
 * lists the current tag, compared strongly (§8.8.3.2): a `W/` tag never matches.
 */
export function ifMatch(field: string, etag: string): boolean {
  // TODO: like ifNoneMatch, with the strong comparison.
  throw new Error('ifMatch() is not written yet')
}

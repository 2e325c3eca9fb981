import { createHash } from 'node:crypto'
import type { Task } from './task.ts'

/**
 * The entity tag of a task (RFC 9110 §8.8.3). It is a hash of the exact JSON clients receive, so it
 * changes whenever any field does and never while none does: a strong validator.
 */
export function etagOf(task: Task): string {
  return `"${createHash('sha256').update(JSON.stringify(task)).digest('base64url')}"`
}

/**
 * Whether a GET goes ahead under If-None-Match (RFC 9110 §13.1.2): not when the field is `*` (the
 * task exists) or lists the current tag. The comparison is weak (§8.8.3.2), so a client holding a
 * `W/` copy can revalidate it too.
 */
export function ifNoneMatch(field: string | undefined, etag: string): boolean {
  if (field === undefined) return true
  if (field.trim() === '*') return false
  return !entityTags(field).some((tag) => opaque(tag) === opaque(etag))
}

/**
 * Whether an update goes ahead under If-Match (RFC 9110 §13.1.1): only when the field is `*` or
 * lists the current tag. The comparison is strong (§8.8.3.2): a weak tag only promises an
 * equivalent representation, not the one the client based its change on.
 */
export function ifMatch(field: string, etag: string): boolean {
  if (field.trim() === '*') return true
  return entityTags(field).some((tag) => !isWeak(tag) && !isWeak(etag) && tag === etag)
}

/** The entity-tags in a list. An opaque tag cannot contain `"` (§8.8.3), so each quoted run is one tag. */
const entityTags = (field: string) => field.match(/(?:W\/)?"[^"]*"/g) ?? []

const isWeak = (tag: string) => tag.startsWith('W/')

const opaque = (tag: string) => (isWeak(tag) ? tag.slice(2) : tag)

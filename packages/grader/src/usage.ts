/** A mistake in how the grader was called or in what it was given: exit 2 with this message. */
export class UsageError extends Error {
  override name = 'UsageError'
}

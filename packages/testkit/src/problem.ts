import type { Response } from 'supertest'
import { expect } from 'vitest'

/** The members RFC 9457 §3.1 defines, as a client reads them. */
export interface ProblemDetails {
  type?: string
  title?: string
  status?: number
  detail?: string
  instance?: string
  [extension: string]: unknown
}

/**
 * Asserts that a response is an RFC 9457 problem details object with the given status: the media
 * type is application/problem+json (§3), the body is a JSON object whose `status` equals the HTTP
 * status (§3.1.2) and whose `title` is a string (§3.1.3); `type`, when present, is a URI reference
 * (§3.1.1; absent means "about:blank"). Returns the body for further checks.
 */
export function expectProblem(response: Response, status: number, type?: string): ProblemDetails {
  expect(response.status, `HTTP status of ${describe(response)}`).toBe(status)
  expect(response.headers['content-type'], 'Content-Type (RFC 9457 §3)').toMatch(/^application\/problem\+json\s*(;|$)/)
  const body: unknown = response.body
  expect(body, 'problem details body').toBeTypeOf('object')
  const problem = body as ProblemDetails
  expect(problem, 'problem details members (RFC 9457 §3.1)').toMatchObject({ status, title: expect.any(String) })
  if (problem.type !== undefined) expect(problem.type, 'type is a URI reference (RFC 9457 §3.1.1)').toBeTypeOf('string')
  if (type !== undefined) expect(problem.type ?? 'about:blank', 'problem type').toBe(type)
  expectNoInternals(response)
  return problem
}

/** Asserts that a response does not leak a stack trace or server file paths (OWASP API8:2023). */
export function expectNoInternals(response: Response): void {
  const text = response.text ?? ''
  expect(text, 'response body leaks a stack trace').not.toMatch(/\n\s+at .+:\d+:\d+|node_modules|\/src\/\w+\.ts/)
}

function describe(response: Response): string {
  const request = (response as unknown as { req?: { method?: string; path?: string } }).req
  return request?.method ? `${request.method} ${request.path}` : 'the response'
}

import type { RequestHandler } from 'express'
import type { z } from 'zod'
import { HttpProblem } from './problem.ts'

/**
 * The problem type of a request that breaks the contract. Its `errors` member lists each offending
 * body field (`pointer`) or query parameter (`parameter`).
 */
const VALIDATION_ERROR = 'https://api.workbook.test/problems/validation-error'

/** A 400 that lists every offending field, so a client can show each error next to its input (RFC 9457 §3). */
export function invalidBody(error: z.ZodError): HttpProblem {
  const errors = error.issues.flatMap((issue) =>
    // zod reports all unknown fields in one issue on the object; the client needs one per field.
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ detail: 'Unknown field', pointer: pointerTo([...issue.path, key]) }))
      : [{ detail: issue.message, pointer: pointerTo(issue.path) }],
  )
  return new HttpProblem(400, 'The body does not match the contract; see errors for each field', {
    type: VALIDATION_ERROR,
    title: 'Your request is not valid',
    errors,
  })
}

/** A 400 that names each offending query parameter; a JSON Pointer can only point into a body. */
export function invalidQuery(error: z.ZodError): HttpProblem {
  const errors = error.issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ detail: 'Unknown query parameter', parameter: key }))
      : [{ detail: issue.message, parameter: String(issue.path[0]) }],
  )
  return new HttpProblem(400, 'The query does not match the contract; see errors for each parameter', {
    type: VALIDATION_ERROR,
    title: 'Your request is not valid',
    errors,
  })
}

/**
 * A JSON Pointer (RFC 6901) to a member of the body, in the URI fragment form that RFC 9457 §3.1
 * uses: "~" and "/" inside a name are escaped first (§4), then percent-encoded for the fragment
 * (§6). The empty path points at the whole body: "#".
 */
function pointerTo(path: readonly PropertyKey[]): string {
  const tokens = path.map((key) => `/${encodeURIComponent(String(key).replaceAll('~', '~0').replaceAll('/', '~1'))}`)
  return `#${tokens.join('')}`
}

/**
 * Lets a request through only when its body is of `type` (parameters such as charset are ignored);
 * otherwise answers 415 (RFC 9110 §15.5.16).
 */
export function requireMediaType(type: string): RequestHandler {
  return (req, res, next) => {
    if (req.is(type)) {
      next()
      return
    }
    // Say what to send instead: Accept-Patch for PATCH (RFC 5789 §2.2, §3.1), Accept-Post for POST.
    res.set(req.method === 'PATCH' ? 'Accept-Patch' : 'Accept-Post', type)
    throw new HttpProblem(415, `Send the body as ${type}`)
  }
}

/** Answers the methods a path does not support with 405 and `Allow` (RFC 9110 §15.5.6, §10.2.1). */
export function methodNotAllowed(allow: string): RequestHandler {
  return (req, res) => {
    res.set('Allow', allow)
    // OPTIONS asks for exactly this list (RFC 9110 §9.3.7); Express would answer it if .all() didn't.
    if (req.method === 'OPTIONS') {
      res.status(204).end()
      return
    }
    throw new HttpProblem(405, `${req.method} ${req.path} is not supported; use ${allow}`)
  }
}

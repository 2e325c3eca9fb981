import type { Request, RequestHandler, Response } from 'express'
import { createLocalJWKSet, errors, jwtVerify, type JSONWebKeySet, type JWTPayload } from 'jose'
import { HttpProblem } from './problem.ts'

/** What an access token must satisfy to be accepted. */
export interface TokenRules {
  /** The issuer's public keys (RFC 7517 §5). */
  jwks: JSONWebKeySet
  /** Expected `iss` (RFC 7519 §4.1.1). */
  issuer: string
  /** This API's identifier, expected in `aud` (RFC 7519 §4.1.3). */
  audience: string
  /** The clock `exp` and `nbf` are checked against, in epoch milliseconds. */
  now: () => number
}

/** The caller, as a verified access token describes it (RFC 9068 §2.2). */
export interface Caller {
  /** The token's `sub`: whom the request acts for. */
  id: string
  /** Every claim of the verified token. */
  claims: JWTPayload
}

const callers = new WeakMap<Request, Caller>()

/** The caller `authenticate` verified. Throws, and so fails closed, on a route mounted without it. */
export function callerOf(req: Request): Caller {
  const caller = callers.get(req)
  if (!caller) throw new Error('callerOf() needs authenticate() to run first')
  return caller
}

const REALM = 'tasks'
// RFC 6750 §2.1: credentials = "Bearer" 1*SP b64token. The scheme is case-insensitive (RFC 9110 §11.1).
const BEARER_SCHEME = /^Bearer(?: |$)/i
const BEARER_CREDENTIALS = /^Bearer +([A-Za-z0-9\-._~+/]+=*)$/i

/**
 * Lets a request through only with a valid access token in `Authorization: Bearer` (RFC 6750 §2.1);
 * answers everything else as RFC 6750 §3 says.
 */
export function authenticate(rules: TokenRules): RequestHandler {
  const verify = tokenVerifier(rules)
  return async (req, res, next) => {
    // Tokens in URLs leak through logs, history and Referer (RFC 6750 §2.3, §5.3; RFC 9700 §4.3.2).
    if (Object.hasOwn(req.query, 'access_token')) {
      refuse(res, 400, 'invalid_request', 'Send the token in the Authorization header, never in the URL')
    }
    const header = req.get('Authorization')
    if (header === undefined || !BEARER_SCHEME.test(header)) {
      refuse(res, 401, undefined, 'Send an access token as Authorization: Bearer <token>')
    }
    const token = BEARER_CREDENTIALS.exec(header)?.[1]
    if (token === undefined) {
      refuse(res, 400, 'invalid_request', 'Send Bearer, one or more spaces, then the token')
    }
    const claims = await verify(token)
    if (!claims) {
      // Which check failed stays on the server: the reason would help an attacker more than a client.
      refuse(res, 401, 'invalid_token', 'The access token is invalid or has expired')
    }
    callers.set(req, { id: claims.sub, claims })
    next()
  }
}

/** Leeway for clocks that disagree a little: RFC 7519 §4.1.4 allows "usually no more than a few minutes". */
const CLOCK_TOLERANCE_SECONDS = 30

/** Checks an access token and resolves to its claims, or to undefined when it must not be trusted. */
function tokenVerifier({ jwks, issuer, audience, now }: TokenRules) {
  const keys = createLocalJWKSet(jwks)
  return async (token: string): Promise<(JWTPayload & { sub: string }) | undefined> => {
    try {
      const { payload } = await jwtVerify(token, keys, {
        // The server picks the algorithm, never the token: no "none", and no HS256 keyed with the
        // public key (RFC 8725 §2.1, §3.1).
        algorithms: ['RS256'],
        issuer,
        // Audience restriction: a token minted for another API is no good here (RFC 8725 §3.9, RFC 9700 §2.3).
        audience,
        // Explicit typing: an ID token from the same issuer is not an access token (RFC 9068 §4, RFC 8725 §3.11).
        typ: 'at+jwt',
        // RFC 9068 §2.2 requires both; without exp a stolen token would work forever.
        requiredClaims: ['exp', 'sub'],
        currentDate: new Date(now()),
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
      })
      const { sub } = payload
      return typeof sub === 'string' && sub !== '' ? { ...payload, sub } : undefined
    } catch (error) {
      // jose reports every reason to distrust a token as a JOSEError; anything else is a bug.
      if (error instanceof errors.JOSEError) return undefined
      throw error
    }
  }
}

/**
 * Refuses the request with a Bearer challenge (RFC 6750 §3); the error handler tells the same story
 * as problem details (RFC 9457). `description` must stay within what RFC 6750 §3 allows in
 * error_description: printable ASCII without `"` or `\`.
 */
function refuse(res: Response, status: 400 | 401, error: 'invalid_request' | 'invalid_token' | undefined, description: string): never {
  const params = [`realm="${REALM}"`]
  if (error) params.push(`error="${error}"`, `error_description="${description}"`)
  res.set('WWW-Authenticate', `Bearer ${params.join(', ')}`)
  throw new HttpProblem(status, description)
}

// TODO: add requireScope(scope) and requireRole(role) middleware here, next to authenticate().
//  - scopes: the token's `scope` claim (RFC 9068 §2.2.3); without the scope, 403 with
//    WWW-Authenticate: Bearer error="insufficient_scope", scope="..." (RFC 6750 §3.1).
//  - roles: the token's `roles` claim (RFC 9068 §2.2.3.1); without the role, 403.

import type { Request, RequestHandler } from 'express'
import { HttpProblem } from './problem.ts'

/** A quota policy (draft-ietf-httpapi-ratelimit-headers-11 §3.1): `quota` requests per `window` seconds. */
export interface Policy {
  /** How RateLimit-Policy and RateLimit name it (§3.1, §4.1), e.g. "default". */
  name: string
  /** Requests allowed in one window: the q parameter (§3.1.1). */
  quota: number
  /** The window, in seconds: the w parameter (§3.1.3). */
  window: number
}

/** A policy as one route applies it, with the partition of the quota each request spends from. */
export interface Rule {
  policy: Policy
  /** The request's bucket (a client, an address, an account), or undefined when the policy does not apply to it. */
  key: (req: Request) => string | undefined
}

/** The problem type the draft registers for a spent quota (§5.1, §10.2.1). */
export const QUOTA_EXCEEDED = 'https://iana.org/assignments/http-problem-types#quota-exceeded'

/**
 * Counts each request against every rule that applies to it and lets it through while all have
 * quota left; otherwise answers 429 (RFC 6585 §4) and the handlers never run. Every response it
 * lets through or refuses says where the client stands, in RateLimit-Policy and RateLimit.
 */
export function rateLimit(rules: Rule[], now: () => number): RequestHandler {
  // TODO: a fixed window per rule and key, { used, endsAt }, started by the key's first request and
  // read on `now`, never Date.now(). A request whose window has used the whole quota is refused with
  // HttpProblem(429); any other is counted, then next(). Drop windows that have ended, or the Map
  // grows with every client ever seen.
  // TODO: on every response it lets through or refuses, RateLimit-Policy: "<name>";q=<quota>;w=<window>
  // and RateLimit: "<name>";r=<still available>;t=<seconds until the window ends, rounded up>.
  // TODO: a refusal carries Retry-After and a problem of type QUOTA_EXCEEDED with violated-policies.
  return (req, res, next) => {
    next()
  }
}

/** Gives back what `rateLimit` counted for this request, e.g. for a login that succeeded. Once only. */
export function refund(req: Request): void {
  // TODO: undo what rateLimit counted for req, so that a successful login costs nothing.
}

import type { Request, RequestHandler, Response } from 'express'
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

/** One key's window: the requests it has counted, and when it ends (epoch milliseconds). */
interface Window {
  used: number
  endsAt: number
}

/**
 * The fixed windows of one policy, one per key, each started by the key's first request. Every
 * window of a policy is equally long, so the Map, which iterates in insertion order, holds them in
 * order of expiry: expired windows are dropped from the front, stopping at the first live one.
 * Memory is bounded by the keys seen within one window, and there is no timer to clean up.
 */
class FixedWindows {
  readonly #windows = new Map<string, Window>()
  readonly #policy: Policy
  readonly #now: () => number

  constructor(policy: Policy, now: () => number) {
    this.#policy = policy
    this.#now = now
  }

  /** The key's live window, if it has one. */
  current(key: string): Window | undefined {
    const now = this.#now()
    for (const [oldest, window] of this.#windows) {
      if (window.endsAt > now) break
      this.#windows.delete(oldest)
    }
    return this.#windows.get(key)
  }

  /** Counts one request against the key, starting a window if the key has none. */
  spend(key: string): Window {
    let window = this.current(key)
    if (!window) {
      window = { used: 0, endsAt: this.#now() + this.#policy.window * 1000 }
      this.#windows.set(key, window)
    }
    window.used += 1
    return window
  }
}

const refunds = new WeakMap<Request, () => void>()

/**
 * Counts each request against every rule that applies to it and lets it through while all have
 * quota left; otherwise answers 429 (RFC 6585 §4) and the handlers never run. Every response it
 * lets through or refuses says where the client stands, in RateLimit-Policy and RateLimit.
 */
export function rateLimit(rules: Rule[], now: () => number): RequestHandler {
  const limits = rules.map((rule) => ({ policy: rule.policy, key: rule.key, windows: new FixedWindows(rule.policy, now) }))

  /** Seconds until the window ends, rounded up: a client that waits this long is never early (§4.1.2). */
  const secondsLeft = (policy: Policy, window: Window | undefined) =>
    window ? Math.ceil((window.endsAt - now()) / 1000) : policy.window

  const advertise = (res: Response, states: { policy: Policy; window: Window | undefined }[]) => {
    res.set('RateLimit-Policy', states.map(({ policy }) => `"${policy.name}";q=${policy.quota};w=${policy.window}`).join(', '))
    res.set(
      'RateLimit',
      states
        .map(({ policy, window }) => `"${policy.name}";r=${Math.max(0, policy.quota - (window?.used ?? 0))};t=${secondsLeft(policy, window)}`)
        .join(', '),
    )
  }

  return (req, res, next) => {
    const applicable = limits.flatMap(({ policy, key, windows }) => {
      const partition = key(req)
      return partition === undefined ? [] : [{ policy, windows, window: windows.current(partition), partition }]
    })
    const spent = applicable.filter(({ policy, window }) => (window?.used ?? 0) >= policy.quota)
    if (spent.length > 0) {
      // Refused requests are not counted, so hammering at a 429 does not push the window's end back.
      advertise(res, applicable)
      // Not earlier than the end of any spent window (draft §6): a client that waits this long gets through.
      const retryAfter = Math.max(...spent.map(({ policy, window }) => secondsLeft(policy, window)))
      res.set('Retry-After', String(retryAfter))
      const names = spent.map(({ policy }) => policy.name)
      throw new HttpProblem(429, `The quota of ${names.map((name) => `"${name}"`).join(' and ')} is spent; retry in ${retryAfter} seconds`, {
        type: QUOTA_EXCEEDED,
        title: 'Quota Exceeded',
        'violated-policies': names,
      })
    }
    // Counted now, in the same synchronous step as the check: no other request runs in between, so
    // two concurrent requests cannot both take the last unit while the handler awaits something.
    const charged = applicable.map(({ policy, windows, partition }) => ({ policy, window: windows.spend(partition) }))
    advertise(res, charged)
    refunds.set(req, () => {
      for (const { window } of charged) window.used = Math.max(0, window.used - 1)
      if (!res.headersSent) advertise(res, charged)
    })
    next()
  }
}

/** Gives back what `rateLimit` counted for this request, e.g. for a login that succeeded. Once only. */
export function refund(req: Request): void {
  refunds.get(req)?.()
  refunds.delete(req)
}

import type { RequestHandler } from 'express'
import { HttpProblem } from './problem.ts'

/**
 * A readiness check of one dependency: it passes when it resolves, and fails when it rejects,
 * resolves `false`, or takes longer than the check timeout.
 */
export type Check = () => Promise<unknown>

/** Each check's outcome, by name: the `checks` member of a `/readyz` answer. */
export type CheckResults = Record<string, 'pass' | 'fail'>

/** Both probes answer for this instant only: no cache may replay a stale "ready" (RFC 9111 §5.2.2.5). */
const NO_STORE = 'no-store'

/**
 * `GET /livez`: this process can answer HTTP. It checks no dependency, on purpose: a failed
 * liveness probe makes the kubelet restart the container, and restarting every replica because
 * the database is down turns a database outage into an API outage that outlasts it.
 */
export function liveness(): RequestHandler {
  return (req, res) => {
    res.set('Cache-Control', NO_STORE).json({ status: 'live' })
  }
}

/**
 * `GET /readyz`: every dependency this instance needs to serve traffic answers, so the load
 * balancer may send it requests. 200 with `{ status: 'ready', checks }` when all pass; otherwise a
 * 503 problem (RFC 9110 §15.6.4) whose `checks` extension member (RFC 9457 §3.2) names each
 * check's outcome, so whoever reads the probe log sees which dependency failed.
 */
export function readiness(checks: Record<string, Check>, timeoutMs: number): RequestHandler {
  return async (req, res) => {
    res.set('Cache-Control', NO_STORE)
    // In parallel: the probe answers within one timeout, however many dependencies there are.
    const outcomes = await Promise.all(Object.values(checks).map((check) => passes(check, timeoutMs)))
    const results: CheckResults = Object.fromEntries(Object.keys(checks).map((name, i) => [name, outcomes[i] ? 'pass' : 'fail']))
    const failing = Object.keys(results).filter((name) => results[name] === 'fail')
    if (failing.length > 0) {
      throw new HttpProblem(503, `Not ready: ${failing.join(', ')} failed its check`, { checks: results })
    }
    res.json({ status: 'ready', checks: results })
  }
}

/**
 * Runs one check with a deadline. A check that hangs must fail the probe, not hang it: the kubelet
 * would time out too, but only after its own timeoutSeconds, and a pile of open probe requests is
 * its own outage.
 */
async function passes(check: Check, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined
  const deadline = new Promise<false>((resolve) => {
    timer = setTimeout(resolve, timeoutMs, false)
  })
  try {
    // A check that throws synchronously fails like one that rejects.
    const outcome = await Promise.race([Promise.resolve().then(check), deadline])
    return outcome !== false
  } catch {
    // The cause belongs in the dependency's own monitoring; the probe reports only "fail".
    return false
  } finally {
    clearTimeout(timer)
  }
}

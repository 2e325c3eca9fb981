import type { RequestHandler } from 'express'

/**
 * A readiness check of one dependency: it passes when it resolves, and fails when it rejects,
 * resolves `false`, or takes longer than the check timeout.
 */
export type Check = () => Promise<unknown>

/**
 * The probes' contract, as the kubelet and whoever reads its events see it:
 *
 * - `GET /livez`: 200 whenever this process can answer HTTP;
 * - `GET /readyz`: 200 `{ status: 'ready', checks }` when every check passes; otherwise a 503 problem
 *   whose `checks` member gives each check's outcome, e.g. `{ database: 'fail', cache: 'pass' }`;
 * - both with `Cache-Control: no-store`.
 *
 * For now both answer the same thing, like lesson 17's `/health`, from checks run one after another.
 */
export function liveness(checks: Record<string, Check>): RequestHandler {
  // TODO: liveness asks "should the kubelet restart this container?" Which checks belong here?
  return health(checks)
}

export function readiness(checks: Record<string, Check>, timeoutMs: number): RequestHandler {
  // TODO: run every check, each within timeoutMs; a 503 problem (HttpProblem in problem.ts) naming
  // each check's outcome when one fails; and no cache may keep either answer.
  return health(checks)
}

function health(checks: Record<string, Check>): RequestHandler {
  return async (req, res) => {
    for (const check of Object.values(checks)) {
      if ((await check()) === false) {
        res.status(503).json({ status: 'down' })
        return
      }
    }
    res.json({ status: 'ok' })
  }
}

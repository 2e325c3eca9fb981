import { randomBytes } from 'node:crypto'

/** Where the request in hand sits in a distributed trace (W3C Trace Context §3.2). */
export interface TraceContext {
  /** The whole trace's id, 32 lowercase hex digits: the caller's, or new (§3.2.2.3). */
  traceId: string
  /** This service's own span, 16 lowercase hex digits: the parent-id of every call it makes (§3.2.2.4, §3.4). */
  spanId: string
  /** The sampled flag: whether the caller may have recorded its part of the trace (§3.2.2.5.1). */
  sampled: boolean
  /** The caller's vendor-specific state, passed on as it came (§3.3, §3.5). */
  tracestate?: string
}

const ALL_ZEROS = /^0+$/

/**
 * Continues the caller's trace, or starts a new one when there is none to continue: no
 * `traceparent`, or one that does not parse (§4.2, §4.3). A new trace drops the caller's
 * `tracestate`, which described the trace it belonged to (§3.3, §3.4 "Restart trace").
 */
export function continueTrace(traceparent: string | undefined, tracestate: string | undefined): TraceContext {
  // TODO: continue a valid traceparent: keep its trace-id, its sampled flag (flags & 1) and the
  // tracestate, with a new span id for this service. Valid means 00-<32 hex>-<16 hex>-<2 hex> in
  // lowercase, version not ff, no extra fields after version 00, no all-zero id (§3.2.2).
  return { traceId: randomId(16), spanId: randomId(8), sampled: false }
}

/**
 * The headers that carry the trace on a call this service makes: the same trace-id, this
 * service's span as the parent-id (§3.4 "Update parent-id"), and the caller's `tracestate`.
 */
export function traceHeaders(trace: TraceContext): Record<string, string> {
  // TODO: traceparent 00-<traceId>-<spanId>-<flags>, where flags is 01 when sampled and 00 otherwise
  // (§3.2.2.5.2), and tracestate unchanged when there is one (§3.5).
  return {}
}

/** A random id of `bytes` bytes in lowercase hex, never all zeros (§3.2.2.3, §6.1). */
function randomId(bytes: number): string {
  let id: string
  do id = randomBytes(bytes).toString('hex')
  while (ALL_ZEROS.test(id))
  return id
}

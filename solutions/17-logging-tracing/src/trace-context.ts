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

// version "-" trace-id "-" parent-id "-" trace-flags, lowercase hex only (§3.2.2). A version above
// 00 may append fields after another dash, which this parser skips (§3.2.4).
const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/
const ALL_ZEROS = /^0+$/
const SAMPLED = 0x01

/**
 * Continues the caller's trace, or starts a new one when there is none to continue: no
 * `traceparent`, or one that does not parse (§4.2, §4.3). A new trace drops the caller's
 * `tracestate`, which described the trace it belonged to (§3.3, §3.4 "Restart trace").
 */
export function continueTrace(traceparent: string | undefined, tracestate: string | undefined): TraceContext {
  const parent = parseTraceparent(traceparent)
  if (!parent) return { traceId: randomId(16), spanId: randomId(8), sampled: false }
  // An empty tracestate is valid but not worth sending on (§3.3.1.1).
  const state = tracestate?.trim() ? { tracestate } : {}
  return { traceId: parent.traceId, spanId: randomId(8), sampled: parent.sampled, ...state }
}

/**
 * The headers that carry the trace on a call this service makes: the same trace-id, this
 * service's span as the parent-id (§3.4 "Update parent-id"), and the caller's `tracestate`.
 */
export function traceHeaders(trace: TraceContext): Record<string, string> {
  // Flags other than sampled are not defined by version 00 and must go out as zero (§3.2.2.5.2).
  const flags = trace.sampled ? '01' : '00'
  const headers: Record<string, string> = { traceparent: `00-${trace.traceId}-${trace.spanId}-${flags}` }
  if (trace.tracestate !== undefined) headers.tracestate = trace.tracestate
  return headers
}

function parseTraceparent(header: string | undefined): { traceId: string; sampled: boolean } | undefined {
  const [, version, traceId, parentId, flags, more] = TRACEPARENT.exec(header ?? '') ?? []
  if (version === undefined || traceId === undefined || parentId === undefined || flags === undefined) return undefined
  // ff is forbidden (§3.2.2.1); version 00 has exactly four fields, so anything after them is invalid.
  if (version === 'ff' || (version === '00' && more !== undefined)) return undefined
  // All zeros is no id at all (§3.2.2.3, §3.2.2.4): the receiver must ignore such a traceparent.
  if (ALL_ZEROS.test(traceId) || ALL_ZEROS.test(parentId)) return undefined
  // A bit field: mask it, never compare the whole byte (§3.2.2.5).
  return { traceId, sampled: (Number.parseInt(flags, 16) & SAMPLED) === SAMPLED }
}

/** A random id of `bytes` bytes in lowercase hex, never all zeros (§3.2.2.3, §6.1). */
function randomId(bytes: number): string {
  let id: string
  do id = randomBytes(bytes).toString('hex')
  while (ALL_ZEROS.test(id))
  return id
}

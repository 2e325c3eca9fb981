import type { IncomingMessage } from 'node:http'
import type { RequestHandler } from 'express'
import { requestIdFor } from './request-id.ts'
import { continueTrace, type TraceContext } from './trace-context.ts'

/** How the request in hand can be found again: in logs, in traces, in a client's support ticket. */
export interface RequestContext {
  /** Also sent back in `X-Request-Id`. */
  requestId: string
  trace: TraceContext
}

const contexts = new WeakMap<IncomingMessage, RequestContext>()

/**
 * Gives every request its id and its place in a trace. Registered first, so that everything after
 * it, the logger included, can name the request.
 */
export function requestContext(): RequestHandler {
  return (req, res, next) => {
    const context: RequestContext = {
      requestId: requestIdFor(req.get('X-Request-Id')),
      trace: continueTrace(req.get('traceparent'), req.get('tracestate')),
    }
    contexts.set(req, context)
    res.set('X-Request-Id', context.requestId)
    next()
  }
}

/** The context `requestContext` gave this request. Throws, and so fails loudly, on a request it never saw. */
export function contextOf(req: IncomingMessage): RequestContext {
  const context = contexts.get(req)
  if (!context) throw new Error('contextOf() needs requestContext() to run first')
  return context
}

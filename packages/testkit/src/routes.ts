import type { Express } from 'express'

/** An endpoint an Express app declares: method plus path pattern (e.g. "/tasks/:id"). */
export interface Endpoint {
  method: string
  path: string
}

interface Layer {
  rawPath?: unknown
  route?: { path: unknown; methods: Record<string, boolean> }
  handle?: { stack?: Layer[] }
}

/**
 * Lists the endpoints of an Express 5 app by walking its router, including mounted routers, so
 * tools can exercise every route without a second, hand-written list that could drift.
 */
export function endpointsOf(app: Express): Endpoint[] {
  const walk = (stack: Layer[], prefix: string): Endpoint[] =>
    stack.flatMap((layer) => {
      if (layer.route && typeof layer.route.path === 'string') {
        const path = join(prefix, layer.route.path)
        return Object.keys(layer.route.methods)
          .filter((method) => method !== '_all')
          .map((method) => ({ method: method.toUpperCase(), path }))
      }
      if (layer.handle?.stack && typeof layer.rawPath === 'string') return walk(layer.handle.stack, join(prefix, layer.rawPath))
      return []
    })
  const router = (app as unknown as { router: { stack: Layer[] } }).router
  return walk(router.stack, '')
}

const join = (prefix: string, path: string) => `${prefix}${path}`.replace(/\/+/g, '/').replace(/(.)\/$/, '$1') || '/'

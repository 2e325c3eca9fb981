import type { IncomingMessage } from 'node:http'
import type { TLSSocket } from 'node:tls'
import { ApiProblem } from './http.ts'

/**
 * The local API runs the learner's code and writes their files, so only the learner's own page may
 * use it. Listening on loopback is not enough: any web page the learner visits can send requests to
 * 127.0.0.1 (cross-site request forgery), and a page whose domain resolves to 127.0.0.1 reads the
 * answers as its own (DNS rebinding).
 */
export function guard(req: IncomingMessage): void {
  const host = req.headers.host?.toLowerCase()
  const port = req.socket.localPort
  // A rebinding page's requests carry its own domain in Host; the learner's carry a loopback name.
  if (!host || !loopbackNames.some((name) => host === `${name}:${port}`)) {
    throw new ApiProblem(403, `The local API only answers requests for localhost:${port} or 127.0.0.1:${port}`)
  }
  if (req.method === 'GET' || req.method === 'HEAD') return
  // Browsers send Origin with every POST, also same-origin ones; a forged request can neither drop it nor fake it.
  const origin = req.headers.origin
  const scheme = (req.socket as TLSSocket).encrypted ? 'https' : 'http'
  const sameOrigin = origin !== undefined ? origin === `${scheme}://${host}` : req.headers['sec-fetch-site'] === 'same-origin'
  if (!sameOrigin) {
    throw new ApiProblem(403, `The local API only accepts changes from pages of ${scheme}://${host}, not from ${origin ?? 'a request without an Origin'}`)
  }
}

const loopbackNames = ['localhost', '127.0.0.1', '[::1]']

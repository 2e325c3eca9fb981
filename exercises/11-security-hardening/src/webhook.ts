import type { LookupAddress } from 'node:dns'
import { z } from 'zod'

/** Body of `POST /webhooks`. Whether the URL is safe to call is `vetDestination`'s business. */
export const NewWebhook = z.strictObject({
  // TODO: a cap on the URL's length (OWASP API4:2023).
  url: z.url(),
})

/** A webhook subscription: where to send events for one user. */
export interface Webhook {
  id: string
  /** Normalised by the WHATWG URL parser, as vetted. */
  url: string
  ownerId: string
  createdAt: string
}

/** Resolves a host name to every address it has, like `dns.promises.lookup(host, { all: true })`. */
export type Resolve = (hostname: string) => Promise<LookupAddress[]>

/**
 * Decides whether the server may send requests to `url` on a client's behalf, the SSRF check of
 * OWASP API7:2023. Returns why not, or undefined when it may.
 */
export async function vetDestination(url: URL, resolve: Resolve): Promise<string | undefined> {
  // TODO: refuse every scheme but https: and URLs with a user name or password. Then refuse hosts
  // that are, or resolve (with `resolve`) to, anything but public unicast addresses: loopback,
  // private, link-local (169.254.169.254), unique local, IPv4-mapped IPv6 (::ffff:127.0.0.1), ...
  // Parse addresses with ipaddr.js rather than matching them with a regex.
  return undefined
}

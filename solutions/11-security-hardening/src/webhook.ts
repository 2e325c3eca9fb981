import type { LookupAddress } from 'node:dns'
import { isIP } from 'node:net'
import ipaddr from 'ipaddr.js'
import { z } from 'zod'

/** Body of `POST /webhooks`. Whether the URL is safe to call is `vetDestination`'s business. */
export const NewWebhook = z.strictObject({
  // Long enough for any real endpoint; every stored and logged byte is multiplied by every delivery.
  url: z.url().max(2048),
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

// One answer for "does not resolve" and "resolves to an internal address": different answers
// would let a client probe which internal host names exist (OWASP API7:2023).
const NOT_PUBLIC = 'The host must resolve to public internet addresses only'

/**
 * Decides whether the server may send requests to `url` on a client's behalf, the SSRF check of
 * OWASP API7:2023. Returns why not, or undefined when it may.
 *
 * This vets the URL when it is registered. The sender must vet the addresses again when it
 * delivers, and connect to the address it vetted: DNS can answer differently a minute later.
 */
export async function vetDestination(url: URL, resolve: Resolve): Promise<string | undefined> {
  // No cleartext, and no other schemes (file:, gopher:, ...) that reach other services.
  if (url.protocol !== 'https:') return 'The URL must use https'
  // Credentials would be stored and logged, and `https://trusted.example@10.0.0.1/` only looks
  // like it points at trusted.example (RFC 3986 §3.2.1, §7.5).
  if (url.username !== '' || url.password !== '') return 'The URL must not contain a user name or password'

  // The WHATWG URL parser has already turned 2130706433, 0x7f.1 and 0177.0.0.1 into 127.0.0.1,
  // and ::ffff:127.0.0.1 into ::ffff:7f00:1; IPv6 hosts keep their brackets.
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1')
  let addresses: string[]
  if (isIP(host)) {
    addresses = [host]
  } else {
    try {
      addresses = (await resolve(host)).map((answer) => answer.address)
    } catch {
      return NOT_PUBLIC
    }
  }
  // Every address must pass: the client that delivers may pick any of them.
  if (addresses.length === 0 || !addresses.every(isPublicUnicast)) return NOT_PUBLIC
  return undefined
}

/**
 * True only for global unicast addresses. An allowlist: loopback, private (RFC 1918), link-local
 * (169.254.169.254, the cloud metadata service), carrier-grade NAT (100.64/10), unique local and
 * every other special-purpose range are refused, including ranges added after this was written.
 */
function isPublicUnicast(address: string): boolean {
  if (!ipaddr.isValid(address)) return false
  // process() unwraps an IPv4-mapped IPv6 address (::ffff:a9fe:a9fe) to the IPv4 address it reaches.
  return ipaddr.process(address).range() === 'unicast'
}

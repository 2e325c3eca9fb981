import type { LookupAddress } from 'node:dns'
import { isIP } from 'node:net'
import { createTokenFactory, expectProblem, fakeClock, type TokenFactory } from '@workbook/testkit'
import request from 'supertest'
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { createApp } from '#src/app.ts'

const clock = fakeClock()
const ALLOWED_ORIGIN = 'https://app.workbook.test'
const SCOPES = 'tasks:read tasks:write webhooks:read webhooks:write'
let tokens: TokenFactory
let token: string
let app: ReturnType<typeof createApp>

/**
 * The DNS the tests pretend exists. Nothing here touches the network: the app resolves host names
 * through the `resolve` option, and these answers stand in for what an attacker's DNS could say.
 */
const DNS: Record<string, LookupAddress[]> = {
  'hooks.example.com': [
    { address: '93.184.215.14', family: 4 },
    { address: '2606:2800:21f:cb07:6820:80da:af6b:8b2c', family: 6 },
  ],
  localhost: [
    { address: '127.0.0.1', family: 4 },
    { address: '::1', family: 6 },
  ],
  'metadata.attacker.test': [{ address: '169.254.169.254', family: 4 }],
  'rebind.attacker.test': [
    { address: '93.184.215.14', family: 4 },
    { address: '10.0.0.7', family: 4 },
  ],
  'ula.attacker.test': [{ address: 'fd00:ec2::254', family: 6 }],
  'mapped.attacker.test': [{ address: '::ffff:169.254.169.254', family: 6 }],
  'empty.attacker.test': [],
}

/** Stands in for `dns.promises.lookup(host, { all: true })`, answering the way getaddrinfo does. */
async function resolve(hostname: string): Promise<LookupAddress[]> {
  const name = hostname.toLowerCase().replace(/\.$/, '')
  const known = DNS[name]
  if (known) return known
  const literal = name.replace(/^\[(.*)\]$/, '$1')
  if (isIP(literal)) return [{ address: literal, family: isIP(literal) }]
  // getaddrinfo reads 2130706433, 0x7f.1 and 0177.0.0.1 as IPv4 addresses, as the URL parser does.
  const numeric = URL.parse(`http://${name}/`)?.hostname ?? ''
  if (isIP(numeric)) return [{ address: numeric, family: 4 }]
  throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND', hostname })
}

beforeAll(async () => {
  tokens = await createTokenFactory({ now: clock.now })
  token = await tokens.sign('alice', { scope: SCOPES })
})

beforeEach(() => {
  app = createApp({
    jwks: tokens.jwks,
    issuer: tokens.issuer,
    audience: tokens.audience,
    now: clock.now,
    allowedOrigins: [ALLOWED_ORIGIN],
    resolve,
  })
  // Registering a webhook must never call it; if the app tried, the test fails instead of reaching out.
  vi.stubGlobal('fetch', () => Promise.reject(new Error('tests never touch the network')))
})

afterEach(() => {
  vi.unstubAllGlobals()
})

const bearer = () => `Bearer ${token}`

function registerWebhook(url: unknown) {
  return request(app).post('/webhooks').set('Authorization', bearer()).send({ url } as object)
}

/** What a client can tell from a refusal: everything but the host name it sent and `instance`. */
function refusalSeenBy(response: request.Response, host: string) {
  const { instance: _, ...body } = response.body as Record<string, unknown>
  return { status: response.status, body: JSON.stringify(body).replaceAll(host, '<host>') }
}

/** The members of a comma-separated header list, lowercased (RFC 9110 §5.6.1). */
function listOf(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((item) => item.trim().toLowerCase())
    .filter(Boolean)
}

/** Content-Security-Policy as directive name → source list (CSP Level 3 §2.2.1). */
function cspOf(response: request.Response): Map<string, string[]> {
  const directives = new Map<string, string[]>()
  for (const directive of String(response.headers['content-security-policy'] ?? '').split(';')) {
    const [name, ...values] = directive.trim().split(/[ \t]+/)
    if (name && !directives.has(name.toLowerCase())) directives.set(name.toLowerCase(), values)
  }
  return directives
}

/** Strict-Transport-Security as directive name → value (RFC 6797 §6.1). */
function hstsOf(response: request.Response): Map<string, string> {
  const directives = new Map<string, string>()
  for (const directive of String(response.headers['strict-transport-security'] ?? '').split(';')) {
    const [name = '', value = ''] = directive.split('=').map((part) => part.trim())
    if (name) directives.set(name.toLowerCase(), value.replace(/^"(.*)"$/, '$1'))
  }
  return directives
}

/** Responses of several kinds, errors included, so headers are checked where they are easy to forget. */
async function sampleResponses() {
  return {
    'GET /health (200)': await request(app).get('/health'),
    'GET /tasks (200)': await request(app).get('/tasks').set('Authorization', bearer()),
    'GET /tasks without a token (401)': await request(app).get('/tasks'),
    'GET /no-such-route (404)': await request(app).get('/no-such-route').set('Authorization', bearer()),
    'POST /tasks with malformed JSON (400)': await request(app)
      .post('/tasks')
      .set('Authorization', bearer())
      .set('Content-Type', 'application/json')
      .send('{"title":'),
  }
}

describe('security-headers', () => {
  it('no response carries X-Powered-By, which only tells attackers which framework to target (OWASP API8:2023)', async () => {
    for (const [what, response] of Object.entries(await sampleResponses())) {
      expect(response.headers['x-powered-by'], what).toBeUndefined()
    }
  })

  it('every response, errors included, says X-Content-Type-Options: nosniff, so browsers never treat JSON as HTML or script (Fetch, X-Content-Type-Options)', async () => {
    for (const [what, response] of Object.entries(await sampleResponses())) {
      expect(response.headers['x-content-type-options'], what).toBe('nosniff')
    }
  })

  it('Strict-Transport-Security keeps browsers on HTTPS for at least a year (RFC 6797 §6.1.1)', async () => {
    for (const [what, response] of Object.entries(await sampleResponses())) {
      const maxAge = Number(hstsOf(response).get('max-age'))
      expect(maxAge, `${what}: max-age in seconds`).toBeGreaterThanOrEqual(31_536_000)
    }
  })

  it("Content-Security-Policy allows nothing: default-src 'none' and frame-ancestors 'none' (CSP Level 3 §6.1.3, §6.4.2)", async () => {
    for (const [what, response] of Object.entries(await sampleResponses())) {
      const csp = cspOf(response)
      expect(csp.get('default-src'), `${what}: default-src`).toEqual(["'none'"])
      expect(csp.get('frame-ancestors'), `${what}: frame-ancestors`).toEqual(["'none'"])
    }
  })

  it("no fetch directive (*-src) allows any source: a JSON API loads no scripts, styles, images or frames (CSP Level 3 §6.1)", async () => {
    const csp = cspOf(await request(app).get('/health'))
    for (const [name, sources] of csp) {
      if (name.endsWith('-src')) expect(sources, name).toEqual(["'none'"])
    }
  })

  it('Cross-Origin-Resource-Policy stops other sites from embedding responses with no-cors requests (Fetch, CORP)', async () => {
    for (const [what, response] of Object.entries(await sampleResponses())) {
      expect(['same-origin', 'same-site'], what).toContain(response.headers['cross-origin-resource-policy'])
    }
  })

  it('the API still answers: GET /health responds 200 with JSON', async () => {
    const response = await request(app).get('/health')
    expect(response.status).toBe(200)
    expect(response.body).toEqual({ status: 'ok' })
  })
})

describe('cors-allowlist', () => {
  it('a request from an allowed origin gets Access-Control-Allow-Origin naming exactly that origin, not * (Fetch, CORS protocol)', async () => {
    const response = await request(app).get('/tasks').set('Origin', ALLOWED_ORIGIN).set('Authorization', bearer())
    expect(response.status).toBe(200)
    expect(response.headers['access-control-allow-origin']).toBe(ALLOWED_ORIGIN)
  })

  it.each([
    ['another site', 'https://evil.example'],
    ['a host that merely starts with the allowed one', 'https://app.workbook.test.evil.example'],
    ['a host that merely ends with the allowed one', 'https://evilapp.workbook.test'],
    ['the allowed host over plain HTTP', 'http://app.workbook.test'],
    ['the allowed host on another port', 'https://app.workbook.test:8443'],
    ['the opaque origin "null" (sandboxed frames, file: pages)', 'null'],
  ])('a request from %s (%s) gets no Access-Control-Allow-Origin (Fetch, CORS check)', async (_, origin) => {
    const response = await request(app).get('/tasks').set('Origin', origin).set('Authorization', bearer())
    expect(response.headers['access-control-allow-origin']).toBeUndefined()
  })

  it('responses say Vary: Origin, allowed origin or not, so a cache never serves one origin the answer meant for another (Fetch, CORS protocol and HTTP caches)', async () => {
    for (const origin of [ALLOWED_ORIGIN, 'https://evil.example']) {
      const response = await request(app).get('/tasks').set('Origin', origin).set('Authorization', bearer())
      expect(listOf(response.headers.vary), origin).toContain('origin')
    }
  })

  it('a preflight from an allowed origin responds 204, without a token, allowing POST with Authorization and Content-Type (Fetch, CORS-preflight request)', async () => {
    const response = await request(app)
      .options('/tasks')
      .set('Origin', ALLOWED_ORIGIN)
      .set('Access-Control-Request-Method', 'POST')
      .set('Access-Control-Request-Headers', 'authorization, content-type')
    expect(response.status).toBe(204)
    expect(response.headers['access-control-allow-origin']).toBe(ALLOWED_ORIGIN)
    expect(listOf(response.headers['access-control-allow-methods'])).toContain('post')
    expect(listOf(response.headers['access-control-allow-headers'])).toEqual(expect.arrayContaining(['authorization', 'content-type']))
  })

  it('a preflight from a disallowed origin gets no Access-Control-Allow-Origin (Fetch, CORS-preflight request)', async () => {
    const response = await request(app)
      .options('/tasks')
      .set('Origin', 'https://evil.example')
      .set('Access-Control-Request-Method', 'POST')
      .set('Access-Control-Request-Headers', 'authorization, content-type')
    expect(response.headers['access-control-allow-origin']).toBeUndefined()
  })

  it('an allowed origin can read a 401 and the Location of a 201: CORS headers on errors, Location exposed (Fetch, Access-Control-Expose-Headers)', async () => {
    const unauthorized = await request(app).get('/tasks').set('Origin', ALLOWED_ORIGIN)
    expectProblem(unauthorized, 401)
    expect(unauthorized.headers['access-control-allow-origin']).toBe(ALLOWED_ORIGIN)
    const created = await request(app).post('/tasks').set('Origin', ALLOWED_ORIGIN).set('Authorization', bearer()).send({ title: 'Buy milk' })
    expect(created.status).toBe(201)
    expect(created.headers['access-control-allow-origin']).toBe(ALLOWED_ORIGIN)
    expect(listOf(created.headers['access-control-expose-headers'])).toContain('location')
  })

  it('Access-Control-Allow-Origin is never * together with Access-Control-Allow-Credentials: true (Fetch, CORS protocol and credentials)', async () => {
    for (const origin of [ALLOWED_ORIGIN, 'https://evil.example', 'null']) {
      const responses = [
        await request(app).get('/tasks').set('Origin', origin).set('Authorization', bearer()),
        await request(app).options('/tasks').set('Origin', origin).set('Access-Control-Request-Method', 'POST'),
      ]
      for (const response of responses) {
        expect(response.headers['access-control-allow-origin'], origin).not.toBe('*')
        if (response.headers['access-control-allow-credentials'] === 'true') {
          expect(response.headers['access-control-allow-origin'], origin).toBe(ALLOWED_ORIGIN)
        }
      }
    }
  })

  it('createApp() without allowedOrigins allows no origin at all: closed by default', async () => {
    const closed = createApp()
    for (const origin of [ALLOWED_ORIGIN, 'https://evil.example']) {
      const response = await request(closed).get('/health').set('Origin', origin)
      expect(response.status, origin).toBe(200)
      expect(response.headers['access-control-allow-origin'], origin).toBeUndefined()
    }
  })
})

describe('ssrf-guard', () => {
  it.each([
    ['plain http, which anyone on the path can read and change', 'http://hooks.example.com/incoming'],
    ['a file: URL', 'file:///etc/passwd'],
    ['a gopher: URL, the classic way to talk to Redis or SMTP', 'gopher://hooks.example.com:6379/_INFO'],
    ['a user name and password in the URL (RFC 3986 §3.2.1)', 'https://user:secret@hooks.example.com/incoming'],
    ['a user name that looks like the host', 'https://hooks.example.com@10.0.0.1/'],
  ])('POST /webhooks refuses %s with a 400 problem: %s (OWASP API7:2023)', async (_, url) => {
    expectProblem(await registerWebhook(url), 400)
  })

  it.each([
    ['loopback', 'https://127.0.0.1/'],
    ['localhost', 'https://localhost/'],
    ['localhost with a trailing dot', 'https://localhost./'],
    ['the unspecified address, which reaches this machine', 'https://0.0.0.0/'],
    ['the cloud metadata service (link-local)', 'https://169.254.169.254/latest/meta-data/'],
    ['a private 10/8 address (RFC 1918)', 'https://10.0.0.1/'],
    ['a private 172.16/12 address (RFC 1918)', 'https://172.20.1.1/'],
    ['a private 192.168/16 address (RFC 1918)', 'https://192.168.0.10/'],
    ['a carrier-grade NAT address, home of one cloud metadata service (RFC 6598)', 'https://100.100.100.200/'],
  ])('POST /webhooks refuses %s: %s (OWASP API7:2023)', async (_, url) => {
    expectProblem(await registerWebhook(url), 400)
  })

  it.each([
    ['decimal', 'https://2130706433/'],
    ['hexadecimal', 'https://0x7f.1/'],
    ['octal', 'https://0177.0.0.1/'],
    ['shortened', 'https://127.1/'],
  ])('POST /webhooks refuses loopback written in %s form: %s (OWASP API7:2023)', async (_, url) => {
    expectProblem(await registerWebhook(url), 400)
  })

  it.each([
    ['IPv6 loopback', 'https://[::1]/'],
    ['the IPv6 unspecified address', 'https://[::]/'],
    ['an IPv6 unique local address (RFC 4193)', 'https://[fd00::1]/'],
    ['an IPv6 link-local address', 'https://[fe80::1]/'],
    ['IPv4-mapped IPv6 loopback (RFC 4291 §2.5.5.2)', 'https://[::ffff:127.0.0.1]/'],
    ['IPv4-mapped IPv6 metadata service', 'https://[::ffff:a9fe:a9fe]/'],
  ])('POST /webhooks refuses %s: %s (OWASP API7:2023)', async (_, url) => {
    expectProblem(await registerWebhook(url), 400)
  })

  it.each([
    ['resolves to the metadata service', 'https://metadata.attacker.test/'],
    ['has a public address and a private one', 'https://rebind.attacker.test/'],
    ['resolves to an IPv6 unique local address', 'https://ula.attacker.test/'],
    ['resolves to an IPv4-mapped IPv6 address', 'https://mapped.attacker.test/'],
    ['has no addresses', 'https://empty.attacker.test/'],
    ['does not resolve at all', 'https://nxdomain.attacker.test/'],
  ])('POST /webhooks refuses a host name that %s, checking what DNS says, not how the name looks (OWASP API7:2023)', async (_, url) => {
    expectProblem(await registerWebhook(url), 400)
  })

  it('a name that resolves inside gets the same refusal as a name that does not resolve: no oracle for internal DNS (OWASP API7:2023)', async () => {
    const inside = await registerWebhook('https://metadata.attacker.test/')
    const nowhere = await registerWebhook('https://nxdomain.attacker.test/')
    expect(refusalSeenBy(inside, 'metadata.attacker.test')).toEqual(refusalSeenBy(nowhere, 'nxdomain.attacker.test'))
    expect(inside.text).not.toContain('169.254')
  })

  it.each([['not a URL'], ['/relative/path'], [42]])('POST /webhooks refuses the url %j with a 400 problem', async (url) => {
    expectProblem(await registerWebhook(url), 400)
  })

  it('a refused URL is not stored', async () => {
    await registerWebhook('https://169.254.169.254/latest/meta-data/')
    await registerWebhook('https://metadata.attacker.test/')
    const list = await request(app).get('/webhooks').set('Authorization', bearer())
    expect(list.status).toBe(200)
    expect(list.body.items).toEqual([])
  })

  it.each([
    ['a host name with only public addresses', 'https://hooks.example.com/incoming'],
    ['a public IPv4 address', 'https://93.184.215.14/hook'],
    ['a public IPv6 address', 'https://[2606:4700:4700::1111]/hook'],
  ])('POST /webhooks accepts %s with 201 and lists it (%s)', async (_, url) => {
    const response = await registerWebhook(url)
    expect(response.status).toBe(201)
    expect(new URL(response.body.url).href).toBe(new URL(url).href)
    const list = await request(app).get('/webhooks').set('Authorization', bearer())
    expect(list.body.items).toEqual([expect.objectContaining({ url: response.body.url })])
  })
})

describe('limits', () => {
  it('POST /webhooks beyond 10 webhooks per user responds 409 with a problem and stores nothing (OWASP API4:2023, RFC 9110 §15.5.10)', async () => {
    for (let n = 1; n <= 10; n++) expect((await registerWebhook(`https://hooks.example.com/${n}`)).status, `webhook ${n}`).toBe(201)
    expectProblem(await registerWebhook('https://hooks.example.com/11'), 409)
    const list = await request(app).get('/webhooks').set('Authorization', bearer())
    expect(list.body.items).toHaveLength(10)
  })

  it('the cap counts per user: a full account does not stop another user from registering', async () => {
    for (let n = 1; n <= 10; n++) await registerWebhook(`https://hooks.example.com/${n}`)
    const bob = await tokens.sign('bob', { scope: SCOPES })
    const response = await request(app).post('/webhooks').set('Authorization', `Bearer ${bob}`).send({ url: 'https://hooks.example.com/bob' })
    expect(response.status).toBe(201)
  })

  it('deleting a webhook frees its place', async () => {
    const created = []
    for (let n = 1; n <= 10; n++) created.push((await registerWebhook(`https://hooks.example.com/${n}`)).body)
    expect((await request(app).delete(`/webhooks/${created[0].id}`).set('Authorization', bearer())).status).toBe(204)
    expect((await registerWebhook('https://hooks.example.com/11')).status).toBe(201)
  })

  it('a webhook URL longer than 2048 characters responds 400 with a problem and is not stored (OWASP API4:2023)', async () => {
    const url = `https://hooks.example.com/${'a'.repeat(2048)}`
    expectProblem(await registerWebhook(url), 400)
    const list = await request(app).get('/webhooks').set('Authorization', bearer())
    expect(list.body.items).toEqual([])
  })

  it('a webhook URL of exactly 2048 characters is still accepted', async () => {
    const start = 'https://hooks.example.com/'
    expect((await registerWebhook(`${start}${'a'.repeat(2048 - start.length)}`)).status).toBe(201)
  })

  it('POST /webhooks with a JSON body over 10 KiB responds 413 with a problem and stores nothing (RFC 9110 §15.5.14)', async () => {
    const body = `{"url":"https://hooks.example.com/incoming"${' '.repeat(10 * 1024)}}`
    const response = await request(app).post('/webhooks').set('Authorization', bearer()).set('Content-Type', 'application/json').send(body)
    expectProblem(response, 413)
    const list = await request(app).get('/webhooks').set('Authorization', bearer())
    expect(list.body.items).toEqual([])
  })

  it('the body limit holds for a chunked body that announces no Content-Length (RFC 9112 §7.1)', async () => {
    const body = `{"url":"https://hooks.example.com/incoming"${' '.repeat(64 * 1024)}}`
    const call = request(app).post('/webhooks').set('Authorization', bearer()).set('Content-Type', 'application/json')
    for (let offset = 0; offset < body.length; offset += 8 * 1024) call.write(body.slice(offset, offset + 8 * 1024))
    expectProblem(await call, 413)
  })
})

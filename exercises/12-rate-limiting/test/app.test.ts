import { createHash, randomBytes } from 'node:crypto'
import { expectProblem, fakeClock, type FakeClock, parseList } from '@workbook/testkit'
import request from 'supertest'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createApp } from '#src/app.ts'

const START = '2026-01-01T00:00:00Z'
const SECOND = 1000
const MINUTE = 60 * SECOND
/** The problem type the RateLimit draft registers for a spent quota (§5.1). */
const QUOTA_EXCEEDED = 'https://iana.org/assignments/http-problem-types#quota-exceeded'

/** A fresh high-entropy key, as lesson 08 issues them; the app only ever sees its SHA-256 digest. */
const newKey = () => `wbk_${randomBytes(32).toString('base64url')}`
const sha256 = (key: string) => createHash('sha256').update(key, 'utf8').digest('hex')

const aliceKey = newKey()
/** Alice's second key, for another of her deployments. */
const aliceOtherKey = newKey()
const bobKey = newKey()

/** The user store behind POST /login. User names compare case-insensitively, like e-mail addresses. */
const PASSWORDS = new Map([
  ['alice', 'correct horse battery staple'],
  ['bob', 'the bob password'],
  ['mallory', 'mallory knows her own password'],
])

/** Where logins come from, as the trusted proxy in front of the app reports them in X-Forwarded-For. */
const ATTACKER = '203.0.113.66'
const ALICE_HOME = '198.51.100.7'

let clock: FakeClock
let app: ReturnType<typeof createApp>
/** Every user name the user store was asked about: password checks an attacker made the server run. */
let checked: string[]
/** While set, password checks wait for it: logins stay in flight until the test lets them go. */
let hold: Promise<void> | undefined

async function checkPassword(username: string, password: string): Promise<boolean> {
  checked.push(username)
  await hold
  return PASSWORDS.get(username.toLowerCase()) === password
}

// A fresh app per test, so every quota starts full; the clock starts on a whole minute.
beforeEach(() => {
  clock = fakeClock(START)
  checked = []
  hold = undefined
  app = createApp({
    apiKeys: [
      { id: 'key-alice', owner: 'alice', hash: sha256(aliceKey) },
      { id: 'key-alice-2', owner: 'alice', hash: sha256(aliceOtherKey) },
      { id: 'key-bob', owner: 'bob', hash: sha256(bobKey) },
    ],
    checkPassword,
    now: clock.now,
    // The tests play the load balancer: X-Forwarded-For from loopback is believed.
    trustProxy: 'loopback',
  })
})

const getTasks = (key = aliceKey, path = '/tasks') => request(app).get(path).set('Authorization', `Bearer ${key}`)
const postTask = (key = aliceKey, body: object | string = { title: 'Water the plants' }) =>
  request(app).post('/tasks').set('Authorization', `Bearer ${key}`).type('json').send(body)

/** Sends `count` GET /tasks one after another; resolves to every status and the last response. */
async function spend(count: number, key = aliceKey) {
  const statuses: number[] = []
  let last: request.Response | undefined
  for (let i = 0; i < count; i++) {
    last = await getTasks(key)
    statuses.push(last.status)
  }
  return { statuses, last: last! }
}

/** POST /login with Basic credentials (RFC 7617 §2), coming from `address` through the trusted proxy. */
function login(username: string, password: string, address = ATTACKER, target = app) {
  return request(target).post('/login').auth(username, password).set('X-Forwarded-For', address)
}

/** Sends wrong passwords one after another; resolves to every status. */
async function guess(username: string, count: number, address = ATTACKER) {
  const statuses: number[] = []
  for (let i = 0; i < count; i++) statuses.push((await login(username, `guess-${i}`, address)).status)
  return statuses
}

/**
 * A RateLimit or RateLimit-Policy field parsed as the RFC 9651 List the draft defines (§3, §4), as
 * policy name → parameters. Fails the test when the field is missing or is not such a List.
 */
function fieldOf(response: request.Response, field: 'ratelimit' | 'ratelimit-policy'): Map<string, Record<string, unknown>> {
  const value: unknown = response.headers[field]
  expect(value, `the ${field} field of a ${response.status} response`).toEqual(expect.any(String))
  let list: ReturnType<typeof parseList>
  try {
    list = parseList(value as string)
  } catch (error) {
    expect.fail(`${field}: ${String(value)} is not an RFC 9651 List: ${String(error)}`)
  }
  const items = new Map<string, Record<string, unknown>>()
  for (const [name, parameters] of list) {
    expect(name, `${field}: ${String(value)}: each item names its policy with an sf-string (draft §3, §4.1)`).toEqual(expect.any(String))
    items.set(name as string, Object.fromEntries(parameters))
  }
  return items
}

/** The parameters that a field gives one policy; fails the test when the field does not list it. */
function policyIn(response: request.Response, field: 'ratelimit' | 'ratelimit-policy', name: string): Record<string, unknown> {
  const items = fieldOf(response, field)
  expect([...items.keys()], `the policies that ${field} lists`).toContain(name)
  return items.get(name)!
}

/** Retry-After as delay-seconds, the form RFC 9110 §10.2.3 defines: 1*DIGIT. */
function retryAfterOf(response: request.Response): number {
  const value: unknown = response.headers['retry-after']
  expect(value, 'Retry-After in delay-seconds (RFC 9110 §10.2.3)').toMatch(/^\d+$/)
  return Number(value)
}

describe('per-key-quota', () => {
  it('GET /tasks answers 100 requests a minute, then 429 Too Many Requests (RFC 6585 §4)', async () => {
    const { statuses } = await spend(100)
    expect(statuses.every((status) => status === 200), 'the first 100 requests of the minute').toBe(true)
    expect((await getTasks()).status, 'the 101st').toBe(429)
  })

  it('another client keeps its whole quota while alice has spent hers (OWASP API4:2023)', async () => {
    await spend(100)
    expect((await getTasks()).status, 'alice, 101st request').toBe(429)
    const { statuses } = await spend(100, bobKey)
    expect(statuses.every((status) => status === 200), "bob's 100 requests").toBe(true)
  })

  it("a client's second key spends the same quota: minting keys does not multiply it", async () => {
    await spend(60, aliceKey)
    const { statuses } = await spend(40, aliceOtherKey)
    expect(statuses.every((status) => status === 200), 'requests 61 to 100, with the other key').toBe(true)
    expect((await getTasks(aliceOtherKey)).status, '101st, other key').toBe(429)
    expect((await getTasks(aliceKey)).status, '102nd, first key').toBe(429)
  })

  it("the quota comes back when the window ends, and not a moment before, on the app's clock", async () => {
    await spend(100)
    clock.advance(MINUTE - 1)
    expect((await getTasks()).status, '1 ms before the minute is over').toBe(429)
    clock.advance(1)
    expect((await getTasks()).status, 'the minute is over').toBe(200)
  })

  it("requests without a valid key get 401 and spend no one's quota", async () => {
    for (let i = 0; i < 120; i++) {
      const response = await getTasks(newKey())
      if (i === 0) expectProblem(response, 401)
      expect(response.status, `request ${i + 1} with an unknown key`).toBe(401)
    }
    const { statuses } = await spend(100)
    expect(statuses.every((status) => status === 200), "alice's 100 requests from the same address").toBe(true)
  })

  it('GET /health is not limited: monitors poll it', async () => {
    for (let i = 0; i < 150; i++) expect((await request(app).get('/health')).status, `request ${i + 1}`).toBe(200)
  })
})

describe('ratelimit-headers', () => {
  it('every response to a client carries RateLimit-Policy: "default";q=100;w=60 (draft-ietf-httpapi-ratelimit-headers §3.1)', async () => {
    const responses = {
      'GET /tasks (200)': await getTasks(),
      'POST /tasks (201)': await postTask(),
      'POST /tasks without a title (400)': await postTask(aliceKey, {}),
      'GET /tasks/no-such-task (404)': await getTasks(aliceKey, '/tasks/no-such-task'),
      'PUT /tasks (405)': await request(app).put('/tasks').set('Authorization', `Bearer ${aliceKey}`),
    }
    expect(Object.values(responses).map(({ status }) => status)).toEqual([200, 201, 400, 404, 405])
    for (const [what, response] of Object.entries(responses)) {
      expect(policyIn(response, 'ratelimit-policy', 'default'), what).toMatchObject({ q: 100, w: 60 })
    }
  })

  it('RateLimit reports the quota still available for the same policy, counting down from 99 (draft §4.1, §4.1.1)', async () => {
    expect(policyIn(await getTasks(), 'ratelimit', 'default').r, 'after the first request').toBe(99)
    expect(policyIn(await getTasks(), 'ratelimit', 'default').r, 'after the second').toBe(98)
    const { last } = await spend(8)
    expect(policyIn(last, 'ratelimit', 'default').r, 'after the tenth').toBe(90)
    expect(policyIn(await postTask(), 'ratelimit', 'default').r, 'a POST counts too').toBe(89)
  })

  it("RateLimit's t is the seconds left in the window on the app's clock: 60, then counting down (draft §4.1.2)", async () => {
    expect(policyIn(await getTasks(), 'ratelimit', 'default').t, 'at the first request').toBe(60)
    clock.advance(20 * SECOND)
    expect(policyIn(await getTasks(), 'ratelimit', 'default').t, '20 s later').toBe(40)
    clock.advance(39 * SECOND)
    expect(policyIn(await getTasks(), 'ratelimit', 'default').t, '59 s later').toBe(1)
  })

  it('t rounds up: with 34.3 s left it says 35, so a client that waits t seconds is never early (draft §4.1.2)', async () => {
    await getTasks()
    clock.advance(25_700)
    expect(policyIn(await getTasks(), 'ratelimit', 'default').t).toBe(35)
  })

  it("each client sees its own quota: bob's RateLimit is untouched by alice's requests", async () => {
    await spend(30)
    expect(policyIn(await getTasks(bobKey), 'ratelimit', 'default')).toMatchObject({ r: 99, t: 60 })
  })

  it('a new window starts full: once the minute is over, r is 99 and t is 60 again', async () => {
    await spend(50)
    clock.advance(MINUTE)
    expect(policyIn(await getTasks(), 'ratelimit', 'default')).toMatchObject({ r: 99, t: 60 })
  })
})

describe('too-many-requests', () => {
  it('the 429 is problem details of type quota-exceeded naming the spent policy in violated-policies (RFC 9457 §3, draft §5.1)', async () => {
    await spend(100)
    const problem = expectProblem(await getTasks(), 429, QUOTA_EXCEEDED)
    expect(problem['violated-policies'], 'violated-policies (draft §5.1)').toEqual(['default'])
  })

  it('the 429 carries Retry-After in delay-seconds: the seconds until the window ends, rounded up (RFC 6585 §4, RFC 9110 §10.2.3)', async () => {
    await spend(100)
    clock.advance(25_700)
    const response = await getTasks()
    expect(response.status).toBe(429)
    expect(retryAfterOf(response), '34.3 s are left').toBe(35)
  })

  it('a client that waits Retry-After seconds gets through, and one that retries a second sooner does not', async () => {
    await spend(100)
    clock.advance(25_700)
    const wait = retryAfterOf(await getTasks())
    clock.advance((wait - 1) * SECOND)
    expect((await getTasks()).status, `${wait - 1} s later`).toBe(429)
    clock.advance(SECOND)
    expect((await getTasks()).status, `${wait} s later`).toBe(200)
  })

  it('the 429 still says where the client stands: RateLimit "default" with r=0 and t equal to Retry-After (draft §6)', async () => {
    await spend(100)
    clock.advance(12 * SECOND)
    const response = await getTasks()
    expect(response.status).toBe(429)
    expect(policyIn(response, 'ratelimit-policy', 'default')).toMatchObject({ q: 100, w: 60 })
    expect(policyIn(response, 'ratelimit', 'default')).toMatchObject({ r: 0, t: retryAfterOf(response) })
  })

  it('a refused POST /tasks creates nothing', async () => {
    await spend(100)
    expect((await postTask()).status, 'POST /tasks with the quota spent').toBe(429)
    clock.advance(MINUTE)
    const list = await getTasks()
    expect(list.status).toBe(200)
    expect(list.body.items, 'the tasks alice has, one window later').toEqual([])
  })

  it('a refused request is refused before its body is read: malformed JSON gets 429, not 400', async () => {
    await spend(100)
    expectProblem(await postTask(aliceKey, '{"title":'), 429)
  })

  it('refused requests do not push the window back: a client hammering at 429 still gets its quota when the minute is over', async () => {
    await spend(100)
    clock.advance(30 * SECOND)
    const { statuses } = await spend(20)
    expect(statuses.every((status) => status === 429), 'requests while refused').toBe(true)
    clock.advance(30 * SECOND)
    expect((await getTasks()).status, 'the first minute is over').toBe(200)
  })
})

describe('login-policy', () => {
  it('POST /login answers 200 for the right password and 401 with a Basic challenge for a wrong one (RFC 7617 §2, RFC 9110 §15.5.2)', async () => {
    const ok = await login('alice', PASSWORDS.get('alice')!, ALICE_HOME)
    expect(ok.status).toBe(200)
    expect(ok.body).toEqual({ username: 'alice' })
    const wrong = await login('alice', 'password1')
    expectProblem(wrong, 401)
    expect(wrong.headers['www-authenticate'], 'WWW-Authenticate (RFC 9110 §11.6.1)').toMatch(/^Basic /i)
  })

  it('five wrong passwords for one account, then the sixth attempt is refused with 429 without checking the password (OWASP API2:2023)', async () => {
    expect(await guess('alice', 5), 'five guesses').toEqual([401, 401, 401, 401, 401])
    const problem = expectProblem(await login('alice', 'guess-6'), 429, QUOTA_EXCEEDED)
    expect(problem['violated-policies'], 'violated-policies (draft §5.1)').toContain('login')
    expect(checked, 'password checks the user store ran').toHaveLength(5)
  })

  it("even the right password is refused while the account's quota is spent: otherwise the guess that succeeds would get through", async () => {
    await guess('alice', 5)
    expect((await login('alice', PASSWORDS.get('alice')!)).status).toBe(429)
  })

  it('POST /login has stricter policies of its own, "login";q=5;w=900 and "login-address";q=20;w=900, and RateLimit counts failures down (draft §3.1, §4.1)', async () => {
    const response = await login('alice', 'guess-1')
    expect(response.status).toBe(401)
    expect(policyIn(response, 'ratelimit-policy', 'login'), 'RateLimit-Policy').toMatchObject({ q: 5, w: 900 })
    expect(policyIn(response, 'ratelimit-policy', 'login-address'), 'RateLimit-Policy').toMatchObject({ q: 20, w: 900 })
    expect(policyIn(response, 'ratelimit', 'login'), 'RateLimit after one failure').toMatchObject({ r: 4, t: 900 })
    expect(policyIn(response, 'ratelimit', 'login-address'), 'RateLimit after one failure').toMatchObject({ r: 19, t: 900 })
    const second = await login('alice', 'guess-2')
    expect(policyIn(second, 'ratelimit', 'login').r, 'after two failures').toBe(3)
  })

  it('an account a stranger has locked for their address still lets its owner in from hers (ASVS 5.0 V6.1.1)', async () => {
    await guess('alice', 5, ATTACKER)
    expect((await login('alice', 'guess-6', ATTACKER)).status, 'the attacker').toBe(429)
    expect((await login('alice', PASSWORDS.get('alice')!, ALICE_HOME)).status, 'alice, from home').toBe(200)
  })

  it('one address trying a password on many accounts is stopped after 20 failures (OWASP API2:2023, password spraying)', async () => {
    const statuses: number[] = []
    for (let i = 1; i <= 20; i++) statuses.push((await login(`user-${i}`, 'Winter2026!')).status)
    expect(statuses.every((status) => status === 401), '20 accounts, one guess each').toBe(true)
    const problem = expectProblem(await login('user-21', 'Winter2026!'), 429, QUOTA_EXCEEDED)
    expect(problem['violated-policies'], 'violated-policies (draft §5.1)').toContain('login-address')
    expect(checked, 'password checks the user store ran').toHaveLength(20)
    expect((await login('bob', PASSWORDS.get('bob')!, ALICE_HOME)).status, 'bob, from another address').toBe(200)
  })

  it('successful logins do not count: a user who logs in 25 times in a row is never refused', async () => {
    for (let i = 0; i < 25; i++) expect((await login('alice', PASSWORDS.get('alice')!, ALICE_HOME)).status, `login ${i + 1}`).toBe(200)
  })

  it("a success resets nothing: logging into one's own account does not wipe the failures against others", async () => {
    await guess('alice', 4)
    for (let i = 1; i <= 14; i++) await login(`user-${i}`, 'Winter2026!')
    expect((await login('mallory', PASSWORDS.get('mallory')!)).status, "mallory's own account").toBe(200)
    expect((await login('alice', 'guess-5')).status, "alice's fifth failure, the address's 19th").toBe(401)
    expect((await login('alice', 'guess-6')).status, 'the sixth attempt at alice').toBe(429)
    expect((await login('user-15', 'Winter2026!')).status, "the address's 20th failure").toBe(401)
    expect((await login('user-16', 'Winter2026!')).status, "the address's 21st attempt").toBe(429)
  })

  it('concurrent guesses cannot slip past the limit while passwords are being checked', async () => {
    let release!: () => void
    hold = new Promise((resolve) => (release = resolve))
    let answered = 0
    const attempts = Array.from({ length: 10 }, (_, i) =>
      login('alice', `guess-${i}`).then((response) => {
        answered++
        return response.status
      }),
    )
    // Every attempt has arrived once each is either held in the password check or already answered.
    await vi.waitFor(() => expect(checked.length + answered).toBe(10), { timeout: 3000, interval: 10 })
    release()
    const statuses = await Promise.all(attempts)
    expect(statuses.filter((status) => status === 401), 'attempts that reached the password check').toHaveLength(5)
    expect(statuses.filter((status) => status === 429), 'attempts refused').toHaveLength(5)
  })

  it('a user name is one account however it is capitalised: alice, ALICE and Alice share one quota', async () => {
    await guess('alice', 3)
    await guess('ALICE', 2)
    expect((await login('Alice', 'guess-6')).status).toBe(429)
  })

  it('unknown user names are limited exactly like real ones, so a 429 does not reveal which accounts exist (ASVS 5.0 V6.3.8)', async () => {
    expect(await guess('nobody', 5)).toEqual([401, 401, 401, 401, 401])
    expect((await login('nobody', 'guess-6')).status).toBe(429)
  })

  it('a refused login carries Retry-After: the seconds until the window of 15 minutes ends (RFC 6585 §4, RFC 9110 §10.2.3)', async () => {
    await guess('alice', 5)
    clock.advance(10 * MINUTE)
    const refused = await login('alice', PASSWORDS.get('alice')!)
    expect(refused.status).toBe(429)
    expect(retryAfterOf(refused), 'five of fifteen minutes left').toBe(300)
    clock.advance(300 * SECOND)
    expect((await login('alice', PASSWORDS.get('alice')!)).status, 'after Retry-After').toBe(200)
  })
})

describe('client-address', () => {
  it('X-Forwarded-For counts only from a trusted proxy: by default a client cannot pick a new address for each guess', async () => {
    const direct = createApp({ checkPassword, now: clock.now })
    for (let i = 1; i <= 5; i++) expect((await login('alice', `guess-${i}`, `192.0.2.${i}`, direct)).status, `guess ${i}`).toBe(401)
    expect((await login('alice', 'guess-6', '192.0.2.6', direct)).status, 'a sixth guess "from" another address').toBe(429)
  })

  it('addresses in one IPv6 /64 are one client: rotating the interface identifier does not reset the quota (RFC 4291 §2.5.1)', async () => {
    for (let i = 1; i <= 5; i++) expect((await login('alice', `guess-${i}`, `2001:db8:5:7::${i}`)).status, `guess ${i}`).toBe(401)
    expect((await login('alice', 'guess-6', '2001:db8:5:7:ffff:1234:abcd:9')).status, 'the same /64').toBe(429)
  })

  it('an IPv4 client is one client whether its address reads 192.0.2.9 or ::ffff:192.0.2.9 (RFC 4291 §2.5.5.2)', async () => {
    await guess('alice', 3, '192.0.2.9')
    await guess('alice', 2, '::ffff:192.0.2.9')
    expect((await login('alice', 'guess-6', '192.0.2.9')).status).toBe(429)
  })

  it('another network is another client: a guesser at 2001:db8:5:7::/64 leaves 2001:db8:9:7::/64 alone', async () => {
    await guess('alice', 5, '2001:db8:5:7::1')
    expect((await login('alice', PASSWORDS.get('alice')!, '2001:db8:9:7::1')).status).toBe(200)
  })
})

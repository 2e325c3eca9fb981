import { randomUUID } from 'node:crypto'
import { expectProblem, fakeClock, type FakeClock } from '@workbook/testkit'
import request from 'supertest'
import { beforeEach, describe, expect, it } from 'vitest'
import { createApp } from '#src/app.ts'

const HOUR = 60 * 60 * 1000
const MINUTE = 60 * 1000

/** A promise the test settles by hand, to hold a request at a chosen point without sleeping. */
function deferred() {
  let resolve!: () => void
  let reject!: (error: Error) => void
  const promise = new Promise<void>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}

let app: ReturnType<typeof createApp>
let clock: FakeClock
/** Every charge the payment provider was asked to make: money that moved. */
let charges: unknown[]
/** When set, the next charge runs this instead of succeeding at once: to hold it, or to fail it. */
let nextCharge: (() => Promise<void>) | undefined

/** The payment provider the app charges through: it records each charge, then runs `nextCharge` if set. */
async function charge(request: unknown) {
  charges.push(request)
  const run = nextCharge
  nextCharge = undefined
  await run?.()
}

// A fresh app per test: its payments and its idempotency keys start empty.
beforeEach(() => {
  clock = fakeClock('2026-03-02T09:00:00Z')
  charges = []
  nextCharge = undefined
  app = createApp({ now: clock.now, charge })
})

const invoice = { amount: 4200, currency: 'EUR', description: 'Invoice 2026-041' }

/** A fresh key, as the draft's example has it: a UUID in a structured-field String (§2.1). */
function newKey() {
  return `"${randomUUID()}"`
}

/** POST /payments with an Idempotency-Key field (left out when `key` is undefined). */
function pay(key: string | undefined, body: object = invoice) {
  const call = request(app).post('/payments')
  if (key !== undefined) call.set('Idempotency-Key', key)
  return call.send(body)
}

/** What GET /payments lists: the payments that exist. */
async function listPayments(): Promise<unknown[]> {
  const response = await request(app).get('/payments')
  expect(response.status, 'GET /payments').toBe(200)
  return response.body.items
}

/**
 * Starts a payment whose charge is held at the provider: resolves once the request is in flight,
 * with `finish` to let the charge succeed (or fail) and `response` for the request's answer.
 */
async function startHeldPayment(key: string, body: object = invoice) {
  const started = deferred()
  const finish = deferred()
  nextCharge = () => {
    started.resolve()
    return finish.promise
  }
  // then() sends the request now; the test does not wait for its answer yet.
  const response = pay(key, body).then((answer) => answer)
  await started.promise
  return { finish, response }
}

describe('required-key', () => {
  it('POST /payments without an Idempotency-Key responds 400 as problem details (draft-ietf-httpapi-idempotency-key-header §2.7)', async () => {
    expectProblem(await pay(undefined), 400)
  })

  it('a payment refused for want of a key charges nothing and creates nothing', async () => {
    await pay(undefined)
    expect(charges).toHaveLength(0)
    expect(await listPayments()).toEqual([])
  })

  it.each([
    ['an empty string', '""'],
    ['a bare token, not a quoted string', 'payment-42'],
    ['a string of 1,000 characters', `"${'k'.repeat(1000)}"`],
    ['text that is no structured field', '"unterminated'],
  ])('POST /payments with %s as Idempotency-Key responds 400 and charges nothing (draft §2.1, RFC 9651 §3.3.3)', async (_, key) => {
    expectProblem(await pay(key), 400)
    expect(charges).toHaveLength(0)
  })

  it('a quoted UUID is a valid key: POST /payments responds 201 with a Location (draft §2.1, RFC 9110 §15.3.2)', async () => {
    const response = await pay(newKey())
    expect(response.status).toBe(201)
    expect(response.headers.location).toBeDefined()
    expect(response.body).toMatchObject({ ...invoice, id: expect.any(String) })
  })
})

describe('replay', () => {
  it('a retry with the same key and body responds with the same status, body and Location, even later (draft §2.6)', async () => {
    const key = newKey()
    const first = await pay(key)
    clock.advance(5 * MINUTE)
    const retry = await pay(key)
    expect(first.status).toBe(201)
    expect(retry.status).toBe(first.status)
    expect(retry.body).toEqual(first.body)
    expect(retry.headers.location).toBe(first.headers.location)
  })

  it('a retry creates no second payment: GET /payments lists one (draft §2.6)', async () => {
    const key = newKey()
    await pay(key)
    await pay(key)
    await pay(key)
    const payments = await listPayments()
    expect(payments).toHaveLength(1)
  })

  it('a retry does not charge the card again', async () => {
    const key = newKey()
    await pay(key)
    await pay(key)
    expect(charges).toHaveLength(1)
  })

  it('the key identifies the request, not the body: two keys with the same body are two payments (draft §2.2)', async () => {
    const first = await pay(newKey())
    const second = await pay(newKey())
    expect(second.status).toBe(201)
    expect(second.body.id).not.toBe(first.body.id)
    expect(await listPayments()).toHaveLength(2)
  })
})

describe('key-reuse', () => {
  it.each([
    ['amount', { ...invoice, amount: 4300 }],
    ['currency', { ...invoice, currency: 'USD' }],
    ['description', { ...invoice, description: 'Invoice 2026-042' }],
  ])('the same key with a different %s responds 422 as problem details (draft §2.7, RFC 9110 §15.5.21)', async (_, other) => {
    const key = newKey()
    await pay(key)
    expectProblem(await pay(key, other), 422)
  })

  it('a 422 charges nothing and creates nothing', async () => {
    const key = newKey()
    await pay(key)
    await pay(key, { ...invoice, amount: 99_900 })
    expect(charges).toHaveLength(1)
    expect(await listPayments()).toHaveLength(1)
  })

  it('after a 422 the key still belongs to its first request: a retry of that one replays its response (draft §2.6)', async () => {
    const key = newKey()
    const first = await pay(key)
    await pay(key, { ...invoice, amount: 99_900 })
    const retry = await pay(key)
    expect(retry.status).toBe(201)
    expect(retry.body).toEqual(first.body)
  })
})

describe('concurrent', () => {
  it('a retry while the first request with its key is in flight responds 409 Conflict as problem details (draft §2.6, §2.7)', async () => {
    const key = newKey()
    const { finish, response } = await startHeldPayment(key)
    try {
      expectProblem(await pay(key), 409)
    } finally {
      finish.resolve()
      await response
    }
  })

  it('the request in flight still completes: one payment, one charge', async () => {
    const key = newKey()
    const { finish, response } = await startHeldPayment(key)
    try {
      await pay(key)
    } finally {
      finish.resolve()
    }
    expect((await response).status).toBe(201)
    expect(charges).toHaveLength(1)
    expect(await listPayments()).toHaveLength(1)
  })

  it('once the first request has answered, a retry replays its response (draft §2.6)', async () => {
    const key = newKey()
    const { finish, response } = await startHeldPayment(key)
    finish.resolve()
    const first = await response
    const retry = await pay(key)
    expect(retry.status).toBe(201)
    expect(retry.body).toEqual(first.body)
  })

  it('a request in flight holds only its own key: a payment with another key goes ahead', async () => {
    const { finish, response } = await startHeldPayment(newKey())
    try {
      const other = await pay(newKey(), { ...invoice, amount: 1500 })
      expect(other.status).toBe(201)
    } finally {
      finish.resolve()
      await response
    }
  })

  it('a key whose request failed is not left in flight: a retry gets the same error or a payment, never 409 (draft §2.6)', async () => {
    // This failure is staged: keep it out of the log.
    app = createApp({ now: clock.now, charge, logger: { error() {} } })
    const key = newKey()
    nextCharge = () => Promise.reject(new Error('the payment provider timed out'))
    const failed = await pay(key)
    expect(failed.status, 'a payment whose charge failed').toBeGreaterThanOrEqual(500)
    const retry = await pay(key)
    expect([failed.status, 201], `the retry answered ${retry.status}`).toContain(retry.status)
  })
})

describe('expiry', () => {
  it('a key is remembered for 24 hours: a retry 23 h 59 min later replays the original (draft §2.3)', async () => {
    const key = newKey()
    const first = await pay(key)
    clock.advance(24 * HOUR - MINUTE)
    const retry = await pay(key)
    expect(retry.status).toBe(201)
    expect(retry.body).toEqual(first.body)
    expect(await listPayments()).toHaveLength(1)
  })

  it('after 24 hours the key is forgotten: the same key and body make a new payment (draft §2.3)', async () => {
    const key = newKey()
    const first = await pay(key)
    clock.advance(24 * HOUR + MINUTE)
    const later = await pay(key)
    expect(later.status).toBe(201)
    expect(later.body.id).not.toBe(first.body.id)
    expect(await listPayments()).toHaveLength(2)
  })

  it('after 24 hours the key is free for another body too: 201, not 422 (draft §2.3)', async () => {
    const key = newKey()
    await pay(key)
    clock.advance(24 * HOUR + MINUTE)
    const later = await pay(key, { ...invoice, amount: 4300 })
    expect(later.status).toBe(201)
    expect(later.body).toMatchObject({ amount: 4300 })
  })
})

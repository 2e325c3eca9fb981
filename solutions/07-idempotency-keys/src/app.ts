import { randomUUID } from 'node:crypto'
import express, { type Response } from 'express'
import { invalidBody, methodNotAllowed, requireMediaType } from './http.ts'
import { createIdempotencyStore, fingerprintOf, idempotencyKey, type StoredResponse } from './idempotency.ts'
import { NewPayment, type Payment } from './payment.ts'
import { HttpProblem, type Logger, problemHandler } from './problem.ts'

const JSON_TYPE = 'application/json'
/** A payment is a few hundred bytes; anything near this limit is a mistake or an attack on memory. */
const BODY_LIMIT = '10kb'
/** How long a key is remembered: a day, as Stripe does, covers any sensible retry schedule. */
const KEY_TTL_MS = 24 * 60 * 60 * 1000
const KEY_REUSED = 'https://api.workbook.test/problems/idempotency-key-reused'
const REQUEST_IN_FLIGHT = 'https://api.workbook.test/problems/request-in-flight'

/** What the payment provider needs to move money. */
export interface ChargeRequest {
  /** In the currency's minor unit, e.g. cents. */
  amount: number
  currency: string
  /** Passed on so that the provider, too, charges a retried request only once (Stripe takes one). */
  idempotencyKey?: string
}

export interface AppOptions {
  /** Moves the money; resolves once it has, rejects if it could not. Instant success unless a test brings a slow or failing one. */
  charge?: (request: ChargeRequest) => Promise<void>
  /** The current time in milliseconds since the epoch: `Date.now` unless a test brings a fake clock. */
  now?: () => number
  /** Where unexpected errors are logged, stack and all: `console` unless told otherwise. */
  logger?: Logger
}

/** Builds the API without listening: tests drive it in-process, `workbook serve` puts it on loopback. */
export function createApp({ charge = async () => {}, now = Date.now, logger = console }: AppOptions = {}) {
  const app = express()
  const payments = new Map<string, Payment>()
  const keys = createIdempotencyStore({ now, ttlMs: KEY_TTL_MS })

  app.use(express.json({ limit: BODY_LIMIT }))

  app
    .route('/payments')
    .get((req, res) => {
      res.json({ items: [...payments.values()] })
    })
    .post(requireMediaType(JSON_TYPE), async (req, res) => {
      const key = idempotencyKey(req.get('Idempotency-Key'))
      // An invalid body takes no key, as at Stripe: the client can fix it and retry with the same key.
      const body = NewPayment.safeParse(req.body)
      if (!body.success) throw invalidBody(body.error)

      const claim = keys.claim(key, fingerprintOf(body.data))
      switch (claim.state) {
        case 'done':
          send(res, claim.response, { 'Idempotent-Replayed': 'true' })
          return
        case 'in-flight':
          // The retry must not run the payment a second time; it can try again once the first has answered.
          throw new HttpProblem(409, 'A request with this Idempotency-Key is still being processed; retry it later', {
            type: REQUEST_IN_FLIGHT,
            title: 'A request with this Idempotency-Key is in flight',
          })
        case 'mismatch':
          throw new HttpProblem(422, 'This Idempotency-Key was used for a request with another body; use a new key for a new payment', {
            type: KEY_REUSED,
            title: 'Idempotency-Key already used for another request',
          })
      }

      try {
        await charge({ amount: body.data.amount, currency: body.data.currency, idempotencyKey: key })
      } catch (error) {
        // Nothing was recorded, and the provider dedupes by key: the client may safely retry with the same one.
        claim.abandon()
        logger.error(error, 'the payment provider failed')
        throw new HttpProblem(502, 'The payment provider did not confirm the charge; retry with the same Idempotency-Key')
      }
      const payment: Payment = { ...body.data, id: randomUUID(), status: 'succeeded', createdAt: new Date(now()).toISOString() }
      payments.set(payment.id, payment)
      const response: StoredResponse = { status: 201, headers: { Location: `/payments/${payment.id}` }, body: payment }
      claim.complete(response)
      send(res, response)
    })
    .all(methodNotAllowed('GET, HEAD, POST'))

  app
    .route('/payments/:id')
    .get((req, res) => {
      const payment = payments.get(req.params.id)
      if (!payment) throw new HttpProblem(404, `No payment with id ${req.params.id}`)
      res.json(payment)
    })
    .all(methodNotAllowed('GET, HEAD'))

  app.use((req) => {
    throw new HttpProblem(404, `No route for ${req.method} ${req.path}`)
  })

  // Last, so that it sees every error: thrown in a handler, raised by the body parser, or rejected by a promise.
  app.use(problemHandler(logger))

  return app
}

/** Sends a stored response; a replay adds `Idempotent-Replayed`, as Stripe does, so a client can tell. */
function send(res: Response, { status, headers, body }: StoredResponse, extra: Record<string, string> = {}): void {
  res.status(status).set(headers).set(extra).json(body)
}

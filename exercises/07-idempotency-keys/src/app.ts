import { randomUUID } from 'node:crypto'
import express from 'express'
import { invalidBody, methodNotAllowed, requireMediaType } from './http.ts'
import { NewPayment, type Payment } from './payment.ts'
import { HttpProblem, type Logger, problemHandler } from './problem.ts'

const JSON_TYPE = 'application/json'
/** A payment is a few hundred bytes; anything near this limit is a mistake or an attack on memory. */
const BODY_LIMIT = '10kb'

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
  // TODO: create the store of idempotency keys (src/idempotency.ts); keys live for 24 hours.

  app.use(express.json({ limit: BODY_LIMIT }))

  app
    .route('/payments')
    .get((req, res) => {
      res.json({ items: [...payments.values()] })
    })
    .post(requireMediaType(JSON_TYPE), async (req, res) => {
      // TODO: read the Idempotency-Key header, a structured-field String (RFC 9651); 400 when missing or invalid.
      const body = NewPayment.safeParse(req.body)
      if (!body.success) throw invalidBody(body.error)

      // TODO: claim the key with a fingerprint of the body before anything happens: replay the stored
      // response of a finished request, 409 while the first is in flight, 422 when the body differs.
      await charge({ amount: body.data.amount, currency: body.data.currency })
      const payment: Payment = { ...body.data, id: randomUUID(), status: 'succeeded', createdAt: new Date(now()).toISOString() }
      payments.set(payment.id, payment)
      // TODO: store this response under the key (status, Location, body), so that a retry gets it back.
      // And if the charge fails, let the key go, or every retry would be told 409 forever.
      res.status(201).location(`/payments/${payment.id}`).json(payment)
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

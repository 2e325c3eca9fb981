import { z } from 'zod'

/**
 * Body of `POST /payments`. Strict, like every contract of this API: a field it does not know is an
 * error. Amounts are integers in the currency's minor unit (cents), so no rounding ever moves money.
 */
export const NewPayment = z.strictObject({
  amount: z.int().positive().max(100_000_000),
  currency: z.string().regex(/^[A-Z]{3}$/, 'Use an ISO 4217 currency code, e.g. "EUR"'),
  description: z.string().trim().min(1).max(200).optional(),
})

export type NewPayment = z.output<typeof NewPayment>

/** A payment as clients see it: what they sent, plus the fields only the server sets. */
export type Payment = NewPayment & { id: string; status: 'succeeded'; createdAt: string }

/**
 * A clock the test moves by hand, so time-based rules (expiry, windows, sunsets) are tested without
 * sleeping. Apps take `now: () => number` (milliseconds since the epoch, like `Date.now`).
 */
export interface FakeClock {
  now: () => number
  /** Moves time forward. */
  advance(milliseconds: number): void
  /** Jumps to an instant (RFC 3339 string or epoch milliseconds). */
  set(instant: string | number): void
}

export function fakeClock(start: string | number = '2026-01-01T00:00:00Z'): FakeClock {
  let current = typeof start === 'number' ? start : Date.parse(start)
  return {
    now: () => current,
    advance(milliseconds) {
      current += milliseconds
    },
    set(instant) {
      current = typeof instant === 'number' ? instant : Date.parse(instant)
    },
  }
}

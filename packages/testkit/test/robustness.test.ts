import { join } from 'node:path'
import { findRoot, loadExercises } from '@workbook/curriculum'
import type { Express } from 'express'
import { describe, expect, it, vi } from 'vitest'
import { fuzzEndpoints } from '../src/fuzz.ts'

const root = findRoot(import.meta.dirname)

/** From 04 on, the curriculum has taught RFC 9457, so every error must be problem details. */
const problemDetailsFrom = 4

describe('every reference solution survives malformed input', () => {
  for (const exercise of loadExercises(root)) {
    const rule = exercise.number >= problemDetailsFrom ? 'never answers 5xx and every error is application/problem+json' : 'never answers 5xx'
    it(`${exercise.slug} ${rule} (200 generated requests per endpoint)`, async () => {
      const { createApp } = (await import(join(root, 'solutions', exercise.slug, 'src', 'app.ts'))) as { createApp: () => Express }
      // Apps log to standard output by default (17 writes an access line per request): a thousand
      // generated requests would bury the test report, and failures are thrown, not printed.
      const quiet = vi.spyOn(process.stdout, 'write').mockImplementation(() => true)
      const endpoints = await fuzzEndpoints(createApp, { runs: 200, problemDetails: exercise.number >= problemDetailsFrom }).finally(() => quiet.mockRestore())
      expect(endpoints.length, 'endpoints found to fuzz').toBeGreaterThan(0)
    }, 120_000)
  }
})

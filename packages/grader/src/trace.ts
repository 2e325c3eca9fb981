/**
 * Vitest setup file for every graded run. Vitest reports test progress in batches that a fork stuck
 * in a synchronous loop never sends, so each test's start and end are also appended, synchronously,
 * to a trace file: after killing a hung run, the grader reads it to name the test that hung.
 */
import { appendFileSync } from 'node:fs'
import { afterEach, beforeEach } from 'vitest'

const file = process.env.WORKBOOK_TRACE
if (file) {
  beforeEach((context) => appendFileSync(file, `start ${context.task.id}\n`))
  afterEach((context) => appendFileSync(file, `end ${context.task.id}\n`))
}

/**
 * Vitest setup file for every graded run. Vitest reports test progress in batches that a fork stuck
 * in a synchronous loop never sends, so each test's start and end are also appended, synchronously,
 * to a trace file: after killing a hung run, the grader reads it to name the test that hung.
 * Calls to process.exit() are recorded too: Express turns the error vitest throws for them into a
 * plain 500, which would hide from the learner what their code actually did.
 * Console output is capped here, at the source, so code that floods the log never pushes megabytes
 * through vitest's reporting channel.
 */
import { appendFileSync } from 'node:fs'
import { format } from 'node:util'
import { afterEach, beforeEach } from 'vitest'

const outputCap = 64 * 1024
let written = 0
for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
  const original = console[method].bind(console)
  console[method] = (...args: unknown[]) => {
    if (written > outputCap) return
    written += format(...args).length + 1
    original(...(written > outputCap ? ['[output cut at 64 KB]'] : args))
  }
}
beforeEach(() => {
  written = 0
})

const file = process.env.WORKBOOK_TRACE
if (file) {
  let current = ''
  beforeEach((context) => {
    current = context.task.id
    appendFileSync(file, `start ${current}\n`)
  })
  afterEach((context) => {
    appendFileSync(file, `end ${context.task.id}\n`)
  })
  const exit = process.exit.bind(process)
  process.exit = ((code?: number | string | null) => {
    appendFileSync(file, `exit ${current || '-'} ${code ?? 0}\n`)
    return exit(code)
  }) as typeof process.exit
}

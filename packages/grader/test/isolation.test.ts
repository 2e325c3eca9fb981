import { join } from 'node:path'
import { loadExercise } from '@workbook/curriculum'
import { describe, expect, it } from 'vitest'
import { runTests } from '../src/run.ts'

const root = join(import.meta.dirname, '..', '..', '..')
const exercise = loadExercise(root, '01-http-basics')
const testTimeoutMs = 1000

/** Runs exercise 01's tests against a fixture standing in for a learner's broken src/. */
async function grade(fixture: string, wallClockLimitMs?: number) {
  const started = Date.now()
  const [result] = await runTests(
    [{ exercise, target: 'practice', exerciseDir: join(root, 'exercises', exercise.slug), srcDir: join(import.meta.dirname, 'fixtures', fixture) }],
    { root, testTimeoutMs, wallClockLimitMs },
  )
  return { ...result!, seconds: (Date.now() - started) / 1000 }
}

/**
 * "Within the test timeout plus a few seconds": the grader's promise for code that never ends. The
 * bound also covers starting vitest, which takes seconds on a loaded two-core CI machine; what it
 * rules out is a run that waits forever.
 */
const deadlineSeconds = testTimeoutMs / 1000 + 15

describe.concurrent('learner code that cannot be graded normally ends in a clear result', () => {
  it('a syntax error is an error naming the file and line', async () => {
    const result = await grade('syntax-error')
    expect(result.status).toBe('error')
    expect(result.message).toMatch(/fixtures\/syntax-error\/app\.ts:7:\d+/)
    expect(result.message).not.toMatch(/node_modules/)
  })

  it('a throw at import time is an error with its message and line', async () => {
    const result = await grade('throws-at-import')
    expect(result.status).toBe('error')
    expect(result.message).toContain('PORT must be a number')
    expect(result.message).toMatch(/throws-at-import\/app\.ts:4:\d+/)
  })

  it('a synchronous infinite loop in a handler is a timeout naming the test that hung', async () => {
    const result = await grade('loops-in-handler')
    expect(result.status).toBe('error')
    expect(result.message).toMatch(/^timeout: "health > GET \/health responds 200/)
    expect(result.seconds).toBeLessThan(deadlineSeconds)
    expect(result.tests.find((test) => test.name.includes('GET /health responds 200'))?.message).toMatch(/^timeout/)
  })

  it('an infinite loop at import time is a timeout that says the code did not finish loading', async () => {
    const result = await grade('loops-at-import')
    expect(result.status).toBe('error')
    expect(result.message).toMatch(/^timeout: the code did not finish loading/)
    expect(result.seconds).toBeLessThan(deadlineSeconds)
  })

  it('a promise that never resolves fails that test as timed out, and the others still run', async () => {
    const result = await grade('never-responds')
    expect(result.status).toBe('fail')
    const hung = result.tests.find((test) => test.name.includes('GET /health responds 200'))
    expect(hung?.status).toBe('fail')
    expect(hung?.message).toMatch(/timed out/i)
    expect(result.tests.find((test) => test.name.includes('unknown path responds 404'))?.status).toBe('pass')
    expect(result.seconds).toBeLessThan(deadlineSeconds)
  })

  it('process.exit() in the app is reported, never a pass', async () => {
    const result = await grade('exits-process')
    expect(result.status).not.toBe('pass')
    const exited = result.tests.find((test) => test.name.includes('GET /health responds 200'))
    expect(exited?.status).not.toBe('pass')
    expect(exited?.message).toMatch(/called process\.exit\(1\)/)
  })

  it('app.listen() at import time does not hang the grader', async () => {
    const result = await grade('listens-at-import')
    expect(['fail', 'error']).toContain(result.status)
    expect(result.seconds).toBeLessThan(deadlineSeconds)
  })

  it('code that is slow but never silent is stopped by the wall-clock limit', async () => {
    const result = await grade('slow-but-alive', 3000)
    expect(result.status).toBe('error')
    expect(result.message).toMatch(/^timeout: the tests were stopped after 3 s in all/)
    expect(result.seconds).toBeLessThan(deadlineSeconds)
  })

  it('10 MB written to stdout is cut, with a note that it was', async () => {
    const result = await grade('floods-output')
    const noisy = result.tests.find((test) => test.output)
    expect(noisy?.output?.length).toBeLessThan(70 * 1024)
    expect(noisy?.output).toMatch(/output cut at 64 KB/)
    expect(result.seconds).toBeLessThan(deadlineSeconds)
  })
})

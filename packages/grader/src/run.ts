import { fork, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import type { Exercise } from '@workbook/curriculum'
import { explainError } from './errors.ts'
import { shownPath } from './workbook.ts'
import type { ErrorInfo, Job, RunSpec, TestInfo, WorkerCommand, WorkerEvent } from './protocol.ts'
import type { RunResult, Status, Target, TestResult } from './result.ts'

/** A run to make: which exercise, against which source tree. */
export interface RunRequest {
  exercise: Exercise
  target: Target
  /** Absolute path of `exercises/<slug>` whose tests run (always this workbook's pristine copy). */
  exerciseDir: string
  /** Absolute path of the `src/` under test. */
  srcDir: string
}

export interface RunOptions {
  root: string
  /** A test that takes longer fails as timed out; 5 s unless said otherwise. */
  testTimeoutMs?: number
  /** The most a whole run may take; 3 minutes unless said otherwise. */
  wallClockLimitMs?: number
  /** Called as each test finishes, before the run's result: for streaming progress. */
  onTest?: (test: { name: string; step: string | undefined; status: Status }) => void
}

/**
 * Per-test timeout for maintainers' and mentors' runs (verify, grade): a loaded CI machine must not
 * turn a slow test into a false failure, while a learner waiting on a hang wants to know sooner.
 */
export const unhurriedTimeoutMs = 10_000

/** Beyond this, a test's console output is cut: learner code that floods the log must not flood us. */
const outputCapBytes = 64 * 1024
/** How long the child may stay silent, on top of the test timeout, before it is taken as hung. */
const graceMs = 4000
/** No run may take longer than this in all, however busy it keeps itself. */
const defaultWallClockLimitMs = 180_000

type RawTest = TestInfo & { status?: Status; errors?: ErrorInfo[]; output: string; durationMs: number }

interface Raw {
  tests: Map<string, RawTest>
  moduleErrors: ErrorInfo[]
  order: string[]
}

/** How a run ended, besides its tests. */
interface Ending {
  /** Test id that hung ('' if it hung before any test started). */
  hung?: string
  /** The run went past the wall-clock limit. */
  overran?: boolean
  /** Why the test process failed as a whole. */
  fatal?: string
}

/** Runs the tests of every request once, in one vitest child process, and returns a result per request. */
export async function runTests(requests: RunRequest[], options: RunOptions): Promise<RunResult[]> {
  return new Promise((resolve) => {
    const session = openSession(requests, options, false, (results) => {
      session.close()
      resolve(results)
    })
  })
}

/** A test process that re-runs on every change to the code under test. */
export interface Session {
  /** Runs every test again now. */
  rerun(): void
  close(): void
}

/**
 * Starts a vitest child process for the requests. `onResults` receives a result per request after
 * each run: once, or (with `watch`) after every change. A hung child is killed and, in watch mode,
 * replaced by a fresh one that waits for the next change.
 */
export function openSession(
  requests: RunRequest[],
  options: RunOptions,
  watch: boolean,
  onResults: (results: RunResult[]) => void,
): Session {
  const testTimeoutMs = options.testTimeoutMs ?? 5000
  const wallClockLimitMs = options.wallClockLimitMs ?? defaultWallClockLimitMs
  const specs: RunSpec[] = requests.map((request) => ({
    id: `${request.exercise.slug}:${request.target}`,
    exerciseDir: request.exerciseDir,
    srcDir: request.srcDir,
  }))
  const traceDir = mkdtempSync(join(tmpdir(), 'workbook-'))
  const traceFile = join(traceDir, 'trace')
  let child: ChildProcess
  let raws = new Map<string, Raw>()
  let byTestId = new Map<string, RawTest>()
  let started = Date.now()
  let watchdog: NodeJS.Timeout | undefined
  let wallClock: NodeJS.Timeout | undefined
  let closed = false

  const reset = () => {
    raws = new Map(specs.map((spec) => [spec.id, { tests: new Map(), moduleErrors: [], order: [] }]))
    byTestId = new Map()
    started = Date.now()
    writeFileSync(traceFile, '')
  }
  const kill = () => {
    try {
      process.kill(-child.pid!, 'SIGKILL')
    } catch {
      // Already gone.
    }
  }
  const finish = (ending: Ending) => {
    clearTimeout(watchdog)
    clearTimeout(wallClock)
    watchdog = undefined
    if (closed) return
    const trace = readTrace(traceFile)
    const limits = { testTimeoutMs, wallClockLimitMs }
    onResults(requests.map((request, index) => buildResult(request, raws.get(specs[index]!.id)!, ending, trace.exits, started, limits, options.root)))
  }
  const stop = (ending: Ending) => {
    kill()
    finish(ending)
    // The killed process took the warm state with it; a new one waits for the next change.
    if (watch && !closed) spawn(false)
  }
  const arm = () => {
    clearTimeout(watchdog)
    watchdog = setTimeout(() => stop({ hung: readTrace(traceFile).unfinished ?? '' }), testTimeoutMs + graceMs)
  }
  const startRun = () => {
    reset()
    arm()
    clearTimeout(wallClock)
    wallClock = setTimeout(() => stop({ overran: true }), wallClockLimitMs)
  }

  const spawn = (runNow: boolean) => {
    reset()
    child = fork(new URL('./worker.ts', import.meta.url), {
      cwd: options.root,
      // Its own process group, so a kill also ends the vitest forks that run learner code.
      detached: true,
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      env: { ...process.env, FORCE_COLOR: undefined, NO_COLOR: '1', WORKBOOK_TRACE: traceFile },
    })
    let stderr = ''
    child.stderr?.on('data', (chunk: Buffer) => {
      if (stderr.length < outputCapBytes) stderr += chunk.toString()
    })
    child.send({ root: options.root, runs: specs, testTimeoutMs, watch } satisfies Job)
    if (runNow) startRun()
    child.on('message', (event: WorkerEvent) => {
      if (event.type === 'run-start') {
        startRun()
        return
      }
      if (watchdog) arm()
      switch (event.type) {
        case 'collected': {
          const raw = raws.get(event.test.run)
          if (!raw || raw.tests.has(event.test.id)) break
          const test: RawTest = { ...event.test, output: '', durationMs: 0 }
          raw.tests.set(test.id, test)
          raw.order.push(test.id)
          byTestId.set(test.id, test)
          break
        }
        case 'finished': {
          const test = byTestId.get(event.id)
          if (!test) break
          test.status = event.state === 'passed' ? 'pass' : event.state === 'failed' ? 'fail' : 'error'
          test.errors = event.errors
          test.durationMs = event.durationMs
          options.onTest?.({ name: test.name, step: test.step, status: test.status })
          break
        }
        case 'module-error':
          raws.get(event.run)?.moduleErrors.push(...event.errors)
          break
        case 'log': {
          const test = event.id ? byTestId.get(event.id) : undefined
          if (test && test.output.length < outputCapBytes) {
            test.output += event.content
            if (test.output.length >= outputCapBytes) test.output = `${test.output.slice(0, outputCapBytes)}\n[output cut at 64 KB]`
          }
          break
        }
        case 'fatal':
          finish({ fatal: event.message })
          break
        case 'done':
          finish({})
          break
      }
    })
    child.on('exit', (code) => {
      if (watchdog && !closed) finish(code === 0 ? {} : { fatal: stderr.trim() || `the test process ended with code ${code}` })
    })
  }

  const onExit = () => kill()
  process.once('exit', onExit)
  spawn(true)

  return {
    rerun() {
      child.send({ type: 'rerun' } satisfies WorkerCommand)
    },
    close() {
      closed = true
      clearTimeout(watchdog)
      clearTimeout(wallClock)
      process.off('exit', onExit)
      kill()
      rmSync(traceDir, { recursive: true, force: true })
    },
  }
}

function buildResult(
  request: RunRequest,
  raw: Raw,
  ending: Ending,
  exits: Map<string, string>,
  started: number,
  { testTimeoutMs, wallClockLimitMs }: { testTimeoutMs: number; wallClockLimitMs: number },
  root: string,
): RunResult {
  const hungTest = ending.hung ? raw.tests.get(ending.hung) : undefined
  const limit = `${(testTimeoutMs / 1000).toFixed(0)} s`
  const tests: TestResult[] = raw.order.map((id) => {
    const test = raw.tests.get(id)!
    let status = test.status ?? 'error'
    let message = test.errors?.map((error) => explainError(error, root)).join('\n\n') || undefined
    const exitCode = exits.get(id)
    if (exitCode !== undefined) {
      status = 'error'
      message = `your code called process.exit(${exitCode}) while handling this request. An API must keep running: answer with an error response instead.`
    } else if (test === hungTest) {
      message = `timeout: this test did not finish within ${limit} and was stopped. Look for an infinite loop or a response that is never sent.`
    } else if (!test.status) {
      message = ending.hung !== undefined ? 'not run: the test run was stopped after another test hung' : 'not run'
    }
    if (status === 'fail' && !test.errors?.length) status = 'error'
    return {
      name: test.name,
      step: test.step,
      status,
      message,
      output: test.output || undefined,
      file: relative(root, test.file),
      line: test.line,
      durationMs: Math.round(test.durationMs),
    }
  })

  let status: Status = tests.every((test) => test.status === 'pass') ? 'pass' : 'fail'
  let message: string | undefined
  if (raw.moduleErrors.length > 0) {
    status = 'error'
    message = raw.moduleErrors.map((error) => explainError(error, root)).join('\n\n')
  } else if (ending.hung !== undefined) {
    status = 'error'
    message = hungTest
      ? `timeout: "${hungTest.name}" did not finish within ${limit}. Look for an infinite loop or a response that is never sent.`
      : 'timeout: the code did not finish loading. Look for an infinite loop that runs at import time (outside any function).'
  } else if (ending.overran) {
    status = 'error'
    message = `timeout: the tests were stopped after ${wallClockLimitMs / 1000} s in all. Look for code that keeps working without ever answering.`
  } else if (ending.fatal) {
    status = 'error'
    message = ending.fatal
  } else if (tests.length === 0) {
    status = 'error'
    message = `no tests found in ${relative(root, request.exerciseDir)}/test`
  }
  return {
    exercise: request.exercise,
    target: request.target,
    // A learner's checkout graded from a mentor's workbook lies outside it: then the full path.
    srcDir: shownPath(root, request.srcDir),
    status,
    message,
    tests,
    durationMs: Date.now() - started,
  }
}

/** What trace.ts recorded: the first test that started but never ended, and process.exit() calls per test. */
function readTrace(traceFile: string): { unfinished: string | undefined; exits: Map<string, string> } {
  let lines: string[] = []
  try {
    lines = readFileSync(traceFile, 'utf8').split('\n')
  } catch {
    // No test started.
  }
  const open = new Set<string>()
  const exits = new Map<string, string>()
  for (const line of lines) {
    const [event, id, code] = line.split(' ')
    if (!id) continue
    if (event === 'start') open.add(id)
    if (event === 'end') open.delete(id)
    if (event === 'exit') exits.set(id, code ?? '')
  }
  return { unfinished: [...open][0], exits }
}

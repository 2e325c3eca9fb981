import { fork } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import type { Exercise } from '@workbook/curriculum'
import type { ErrorInfo, Job, RunSpec, TestInfo, WorkerEvent } from './protocol.ts'
import { explainError } from './errors.ts'
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
  /** A test that takes longer fails as timed out. */
  testTimeoutMs?: number
}

/** Beyond this, a test's console output is cut: learner code that floods the log must not flood us. */
const outputCapBytes = 64 * 1024
/** How long the child may stay silent, on top of the test timeout, before it is taken as hung. */
const graceMs = 4000

interface Raw {
  tests: Map<string, TestInfo & { status?: Status; errors?: ErrorInfo[]; output: string; durationMs: number }>
  moduleErrors: ErrorInfo[]
  order: string[]
}

/** Runs the tests of every request in one vitest child process and returns a result per request. */
export async function runTests(requests: RunRequest[], options: RunOptions): Promise<RunResult[]> {
  const testTimeoutMs = options.testTimeoutMs ?? 3000
  const specs: RunSpec[] = requests.map((request) => ({
    id: `${request.exercise.slug}:${request.target}`,
    exerciseDir: request.exerciseDir,
    srcDir: request.srcDir,
  }))
  const raws = new Map<string, Raw>(specs.map((spec) => [spec.id, { tests: new Map(), moduleErrors: [], order: [] }]))
  const byTestId = new Map<string, Raw>()
  const started = Date.now()
  const traceDir = mkdtempSync(join(tmpdir(), 'workbook-'))
  const traceFile = join(traceDir, 'trace')

  const outcome = await new Promise<{ hung?: string; fatal?: string }>((resolve) => {
    const child = fork(new URL('./worker.ts', import.meta.url), {
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
    let watchdog: NodeJS.Timeout
    const kill = () => {
      try {
        process.kill(-child.pid!, 'SIGKILL')
      } catch {
        // Already gone.
      }
    }
    const arm = () => {
      clearTimeout(watchdog)
      watchdog = setTimeout(() => {
        kill()
        resolve({ hung: readTrace(traceFile).unfinished ?? '' })
      }, testTimeoutMs + graceMs)
    }
    const onExit = () => process.kill(-child.pid!, 'SIGKILL')
    process.once('exit', onExit)

    child.send({ root: options.root, runs: specs, testTimeoutMs } satisfies Job)
    arm()
    child.on('message', (event: WorkerEvent) => {
      arm()
      switch (event.type) {
        case 'collected': {
          const raw = raws.get(event.test.run)
          if (!raw) break
          raw.tests.set(event.test.id, { ...event.test, output: '', durationMs: 0 })
          raw.order.push(event.test.id)
          byTestId.set(event.test.id, raw)
          break
        }
        case 'finished': {
          const test = byTestId.get(event.id)?.tests.get(event.id)
          if (!test) break
          test.status = event.state === 'passed' ? 'pass' : event.state === 'failed' ? 'fail' : 'error'
          test.errors = event.errors
          test.durationMs = event.durationMs
          break
        }
        case 'module-error':
          raws.get(event.run)?.moduleErrors.push(...event.errors)
          break
        case 'log': {
          const test = event.id ? byTestId.get(event.id)?.tests.get(event.id) : undefined
          if (test && test.output.length < outputCapBytes) {
            test.output += event.content
            if (test.output.length >= outputCapBytes) test.output = `${test.output.slice(0, outputCapBytes)}\n[output cut at 64 KB]`
          }
          break
        }
        case 'fatal':
          clearTimeout(watchdog)
          resolve({ fatal: event.message })
          break
        case 'done':
          clearTimeout(watchdog)
          resolve({})
          break
      }
    })
    child.on('exit', (code) => {
      clearTimeout(watchdog)
      process.off('exit', onExit)
      resolve(code === 0 ? {} : { fatal: stderr.trim() || `the test process ended with code ${code}` })
    })
  })

  const { exits } = readTrace(traceFile)
  rmSync(traceDir, { recursive: true, force: true })
  const hungTest = outcome.hung ? byTestId.get(outcome.hung)?.tests.get(outcome.hung) : undefined
  return requests.map((request, index) => {
    const raw = raws.get(specs[index]!.id)!
    const tests: TestResult[] = raw.order.map((id) => {
      const test = raw.tests.get(id)!
      let status = test.status ?? 'error'
      let message = test.errors?.map((error) => explainError(error, options.root)).join('\n\n') || undefined
      const exitCode = exits.get(id)
      if (exitCode !== undefined) {
        status = 'error'
        message = `your code called process.exit(${exitCode}) while handling this request. An API must keep running: answer with an error response instead.`
      } else if (test === hungTest) {
        message = `timeout: this test did not finish within ${(testTimeoutMs / 1000).toFixed(0)} s and was stopped. Look for an infinite loop or a response that is never sent.`
      } else if (!test.status) {
        message = outcome.hung ? 'not run: the test run was stopped after another test hung' : 'not run'
      }
      if (status === 'fail' && !test.errors?.length) status = 'error'
      return {
        name: test.name,
        step: test.step,
        status,
        message,
        output: test.output || undefined,
        file: relative(options.root, test.file),
        line: test.line,
        durationMs: Math.round(test.durationMs),
      }
    })

    let status: Status = tests.every((test) => test.status === 'pass') ? 'pass' : 'fail'
    let message: string | undefined
    if (raw.moduleErrors.length > 0) {
      status = 'error'
      message = raw.moduleErrors.map((error) => explainError(error, options.root)).join('\n\n')
    } else if (outcome.hung !== undefined) {
      status = 'error'
      message = hungTest
        ? `timeout: "${hungTest.name}" did not finish within ${(testTimeoutMs / 1000).toFixed(0)} s. Look for an infinite loop or a response that is never sent.`
        : 'timeout: the code did not finish loading. Look for an infinite loop that runs at import time (outside any function).'
    } else if (outcome.fatal) {
      status = 'error'
      message = outcome.fatal
    } else if (tests.length === 0) {
      status = 'error'
      message = `no tests found in ${relative(options.root, request.exerciseDir)}/test`
    }
    return {
      exercise: request.exercise,
      target: request.target,
      srcDir: relative(options.root, request.srcDir),
      status,
      message,
      tests,
      durationMs: Date.now() - started,
    }
  })
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

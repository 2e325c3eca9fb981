/** Messages between the grader and its vitest child process (see worker.ts). */

/** One exercise run against one source tree. */
export interface RunSpec {
  /** Unique within a job, e.g. "01-http-basics:starter". */
  id: string
  /** Absolute path of `exercises/<slug>`, where the tests live. */
  exerciseDir: string
  /** Absolute path of the `src/` that `#src/*` resolves to. */
  srcDir: string
}

export interface Job {
  root: string
  runs: RunSpec[]
  testTimeoutMs: number
  /** Stay up and re-run on every change (and on `rerun`), instead of running once. */
  watch: boolean
}

/** What the grader can ask of a worker in watch mode, after the job. */
export type WorkerCommand = { type: 'rerun' } | { type: 'close' }

export interface TestInfo {
  run: string
  id: string
  name: string
  step: string | undefined
  file: string
  line: number | undefined
}

export interface ErrorInfo {
  message: string
  stack?: string
  diff?: string
}

export type WorkerEvent =
  | { type: 'collected'; test: TestInfo }
  | { type: 'finished'; id: string; state: string; errors: ErrorInfo[]; durationMs: number }
  | { type: 'module-error'; run: string; errors: ErrorInfo[] }
  | { type: 'log'; id: string | undefined; content: string }
  | { type: 'run-start' }
  | { type: 'done'; unhandledErrors: string[] }
  | { type: 'fatal'; message: string }

import type { Status, StepResult } from '@workbook/grader'

/** Shapes of the local API's requests and answers, shared by the dev-server handlers and the page script. */

/** Every path of the local API starts with this; nothing else on the site does. */
export const apiPrefix = '/__workbook/'

/** Where one exercise lives in the local API: `GET` it, then `POST` to its `practice`, `runs` and `hints`. */
export const exercisePath = (slug: string) => `${apiPrefix}exercises/${encodeURIComponent(slug)}`

/** `GET /__workbook/exercises/{slug}`: the learner's state of one exercise, from `.workbook/progress.json`. */
export interface ExerciseState {
  exercise: string
  /** Whether the learner's copy, `practice/<slug>/`, exists. */
  started: boolean
  /** The learner's folder, relative to the workbook root, with `/` separators. */
  practiceDir: string
  /** The files the learner edits, relative to the workbook root. */
  files: string[]
  /** Outcome of the last run of the learner's code; null until the tests have run once. */
  status: Status | null
  /** In the exercise's order. */
  steps: { id: string; status: Status | null; hints: number }[]
  /** A run of this exercise's tests is in progress (from another tab, say). */
  running: boolean
}

/** `POST …/hints`: the learner opened this hint level of this step. */
export interface HintSeen {
  step: string
  /** 1-based; progress keeps the highest level seen. */
  level: number
}

/** Event `test` of a run's stream: one test finished. */
export interface TestFinished {
  name: string
  step: string | null
  status: Status
}

/** Event `result` of a run's stream, the last one: how the run ended, per step, and why tests failed. */
export interface RunSummary {
  status: Status
  /** Why the run as a whole failed (the code does not compile, it hung, …). */
  message: string | null
  durationMs: number
  steps: StepResult[]
  tests: (TestFinished & { message: string | null })[]
}

/** Every error answer: RFC 9457 problem details, `application/problem+json`. */
export interface Problem {
  type: string
  title: string
  status: number
  detail: string
  /** For a request body: one entry per offending field, located by JSON Pointer (RFC 6901). */
  errors?: { detail: string; pointer: string }[]
}

/** The events of `POST …/runs`, a `text/event-stream`. */
export type RunEvent = { event: 'test'; data: TestFinished } | { event: 'result'; data: RunSummary } | { event: 'error'; data: Problem }

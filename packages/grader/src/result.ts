import type { Exercise } from '@workbook/curriculum'

/** Which source tree the tests ran against. */
export type Target = 'practice' | 'starter' | 'solution'

/** pass: every test passed · fail: some test failed · error: the tests could not run to an end. */
export type Status = 'pass' | 'fail' | 'error'

export interface TestResult {
  /** Full name: "<step id> > <test name>". */
  name: string
  /** Step id (the top-level describe), if the test sits in one. */
  step: string | undefined
  status: Status
  /** Why it failed, for people: expected vs received, file and line. */
  message?: string
  /** What the code under test logged while this test ran (capped). */
  output?: string
  /** Test file, relative to the workbook root. */
  file: string
  line: number | undefined
  durationMs: number
}

export interface StepResult {
  id: string
  title: string
  /** 1-based position, as in the lesson. */
  number: number
  status: Status
  passed: number
  total: number
}

/** The one result every output format is made from. */
export interface RunResult {
  exercise: Exercise
  target: Target
  /** The source tree tested, relative to the workbook root. */
  srcDir: string
  status: Status
  /** Why the run as a whole errored (does not compile, hung, ...). */
  message?: string
  tests: TestResult[]
  durationMs: number
}

/** Per-step tallies, in the exercise's step order. */
export function stepResults(result: RunResult): StepResult[] {
  return result.exercise.steps.map((step, index) => {
    const tests = result.tests.filter((test) => test.step === step.id)
    const passed = tests.filter((test) => test.status === 'pass').length
    const status: Status =
      result.status === 'error' && tests.length === 0
        ? 'error'
        : tests.some((test) => test.status === 'error')
          ? 'error'
          : tests.length > 0 && passed === tests.length
            ? 'pass'
            : 'fail'
    return { id: step.id, title: step.title, number: index + 1, status, passed, total: tests.length }
  })
}

import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import { stepResults, type RunResult } from './result.ts'

const Status = z.enum(['pass', 'fail', 'error'])

/** A learner's progress on one exercise. */
const ExerciseProgress = z.object({
  /** Outcome of the last test run against the learner's code. */
  status: Status.optional(),
  /** Outcome per step id of the last test run. */
  steps: z.record(z.string(), Status).default({}),
  /** How many hint levels have been revealed, per step id. */
  hints: z.record(z.string(), z.int().nonnegative()).default({}),
  /** When `workbook start` made the practice copy (ISO 8601). */
  startedAt: z.iso.datetime().optional(),
  /** When every test first passed (ISO 8601). */
  passedAt: z.iso.datetime().optional(),
  /** When this record last changed (ISO 8601). */
  updatedAt: z.iso.datetime().optional(),
})

/** `.workbook/progress.json`: local state, never committed upstream. */
const Progress = z.object({
  /** Format version, bumped on incompatible changes. */
  version: z.literal(1),
  /** Per exercise slug. */
  exercises: z.record(z.string(), ExerciseProgress),
})

/**
 * `.workbook/results/<slug>.json`: the outcome of the last run of the learner's code, one file per
 * exercise, so that progress.json can be rebuilt if it is lost or corrupt.
 */
const LastResult = ExerciseProgress.pick({ status: true, steps: true, passedAt: true }).extend({
  /** When the run ended (ISO 8601). */
  at: z.iso.datetime(),
})

export type Progress = z.output<typeof Progress>
export type ExerciseProgress = z.output<typeof ExerciseProgress>

const file = (root: string) => join(root, '.workbook', 'progress.json')
const resultsDir = (root: string) => join(root, '.workbook', 'results')

/**
 * Reads progress, never crashing: a missing file is rebuilt from the last results (empty on a first
 * run), and a corrupt one is set aside, with a warning, and rebuilt the same way.
 */
export function readProgress(root: string): Progress {
  let text: string
  try {
    text = readFileSync(file(root), 'utf8')
  } catch {
    return fromLastResults(root)
  }
  try {
    return Progress.parse(JSON.parse(text))
  } catch {
    const aside = `${file(root)}.corrupt-${Date.now()}`
    renameSync(file(root), aside)
    console.warn(
      `warning: .workbook/progress.json was unreadable; it was moved to ${aside} and rebuilt from the last test results (hints used are not kept there).`,
    )
    return fromLastResults(root)
  }
}

function fromLastResults(root: string): Progress {
  const progress: Progress = { version: 1, exercises: {} }
  let names: string[] = []
  try {
    names = readdirSync(resultsDir(root)).filter((name) => name.endsWith('.json'))
  } catch {
    return progress
  }
  for (const name of names) {
    const last = LastResult.safeParse(safeJson(join(resultsDir(root), name)))
    if (!last.success) continue
    const { status, steps, passedAt, at } = last.data
    progress.exercises[name.slice(0, -'.json'.length)] = { status, steps, hints: {}, passedAt, updatedAt: at }
  }
  return progress
}

function safeJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'))
  } catch {
    return undefined
  }
}

/** Temp file + rename: a reader sees the old file or the new one, never half of one. */
function writeAtomically(path: string, value: unknown) {
  const temporary = `${path}.${process.pid}.tmp`
  writeFileSync(temporary, `${JSON.stringify(value, null, 2)}\n`)
  renameSync(temporary, path)
}

/**
 * Applies `change` to one exercise's progress and saves atomically (temp file + rename), under a
 * lock so that two graders running at once (watch mode and a `hint` in another terminal) never
 * overwrite each other's changes.
 */
export function updateProgress(root: string, slug: string, change: (entry: ExerciseProgress) => void): ExerciseProgress {
  mkdirSync(join(root, '.workbook'), { recursive: true })
  return withLock(join(root, '.workbook', 'progress.lock'), () => {
    const progress = readProgress(root)
    const entry = ExerciseProgress.parse(progress.exercises[slug] ?? {})
    change(entry)
    entry.updatedAt = new Date().toISOString()
    progress.exercises[slug] = entry
    writeAtomically(file(root), progress)
    return entry
  })
}

/** A lock older than this was left by a process that died holding it. */
const staleLockMs = 10_000

/** Runs `work` while holding a lock directory (mkdir is atomic on every file system we run on). */
function withLock<T>(lock: string, work: () => T): T {
  const deadline = Date.now() + staleLockMs
  for (;;) {
    try {
      mkdirSync(lock)
      break
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      let age = 0
      try {
        age = Date.now() - statSync(lock).mtimeMs
      } catch {
        continue
      }
      if (age > staleLockMs || Date.now() > deadline) rmSync(lock, { recursive: true, force: true })
      else Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5)
    }
  }
  try {
    return work()
  } finally {
    rmSync(lock, { recursive: true, force: true })
  }
}

/** Records the outcome of a run of the learner's code, in progress.json and as the last result. */
export function recordResult(root: string, result: RunResult): void {
  const entry = updateProgress(root, result.exercise.slug, (entry) => {
    entry.status = result.status
    entry.steps = Object.fromEntries(stepResults(result).map((step) => [step.id, step.status]))
    if (result.status === 'pass') entry.passedAt ??= new Date().toISOString()
  })
  mkdirSync(resultsDir(root), { recursive: true })
  const last = { status: entry.status, steps: entry.steps, passedAt: entry.passedAt, at: entry.updatedAt }
  writeAtomically(join(resultsDir(root), `${result.exercise.slug}.json`), LastResult.parse(last))
}

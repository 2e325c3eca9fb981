import type { IncomingMessage, ServerResponse } from 'node:http'
import { relative, resolve, sep } from 'node:path'
import { z } from 'astro/zod'
import {
  exerciseDir,
  hasStarted,
  openWorkbook,
  practiceDir,
  readProgress,
  recordResult,
  runTests,
  srcDir,
  startExercise,
  stepResults,
  updateProgress,
  type RunResult,
  type Workbook,
} from '@workbook/grader'
import { guard } from './guard.ts'
import { ApiProblem, openEventStream, readJson, sendJson, sendProblem } from './http.ts'
import { apiPrefix, type ExerciseState, type HintSeen, type RunSummary } from './wire.ts'

type Exercise = Workbook['exercises'][number]

export interface LocalApiOptions {
  /** The workbook root whose practice/ and .workbook/ the API reads and writes; exactly that folder. */
  root: string
  /** Where failures of the API itself are reported: the terminal running the dev server. */
  logError?: (message: string) => void
}

type Next = (error?: unknown) => void

/**
 * The local API, as Connect middleware for the dev server (Vite's stack): the grader's start, test
 * and hint, over HTTP, for the lesson pages. Paths outside `/__workbook/` go to `next`.
 *
 * - `GET  /__workbook/exercises/{slug}`: the learner's state of the exercise (ExerciseState)
 * - `POST /__workbook/exercises/{slug}/practice`: make the learner's copy; 201, or 200 if it exists
 * - `POST /__workbook/exercises/{slug}/runs`: run the tests, streamed as `text/event-stream`
 * - `POST /__workbook/exercises/{slug}/hints`: `{"step","level"}`, a hint level the learner opened
 *
 * Errors are RFC 9457 problem details.
 */
export function localApi(options: LocalApiOptions) {
  const root = resolve(options.root)
  const logError = options.logError ?? ((message: string) => console.error(message))
  /** Slugs whose tests are running: one run per exercise at a time. */
  const running = new Set<string>()

  const handlers: Record<string, Partial<Record<string, Handler>>> = {
    '': { GET: (context) => sendJson(context.res, 200, state(context)) },
    practice: { POST: start },
    runs: { POST: run },
    hints: { POST: hint },
  }

  interface Context {
    req: IncomingMessage
    res: ServerResponse
    workbook: Workbook
    exercise: Exercise
  }
  type Handler = (context: Context) => void | Promise<void>

  function state({ workbook, exercise }: Context): ExerciseState {
    const progress = readProgress(root).exercises[exercise.slug]
    const folder = relative(root, practiceDir(workbook, exercise)).split(sep).join('/')
    return {
      exercise: exercise.slug,
      started: hasStarted(workbook, exercise),
      practiceDir: folder,
      files: exercise.files.map((file) => `${folder}/${file}`),
      status: progress?.status ?? null,
      steps: exercise.steps.map((step) => ({ id: step.id, status: progress?.steps[step.id] ?? null, hints: progress?.hints[step.id] ?? 0 })),
      running: running.has(exercise.slug),
    }
  }

  function start(context: Context) {
    const created = startExercise(context.workbook, context.exercise)
    sendJson(context.res, created ? 201 : 200, state(context))
  }

  async function run(context: Context) {
    const { workbook, exercise, res } = context
    if (!hasStarted(workbook, exercise)) {
      throw new ApiProblem(409, `${exercise.slug} has not been started: start it first, so that there is code of yours to test`)
    }
    if (running.has(exercise.slug)) {
      throw new ApiProblem(409, `The tests of ${exercise.slug} are already running; wait for that run to finish`)
    }
    running.add(exercise.slug)
    const stream = openEventStream(res)
    try {
      const [result] = await runTests(
        [{ exercise, target: 'practice', exerciseDir: exerciseDir(workbook, exercise), srcDir: srcDir(workbook, exercise, 'practice') }],
        { root, onTest: (test) => stream.send('test', { name: test.name, step: test.step ?? null, status: test.status }) },
      )
      // Recorded even when the page has gone away: the run happened, and the next visit shows it.
      recordResult(root, result!)
      stream.send('result', summarize(result!))
    } catch (error) {
      // The status line has gone out, so the failure travels as the stream's last event.
      logError(`local API: running the tests of ${exercise.slug} failed: ${(error as Error).stack ?? error}`)
      stream.send('error', new ApiProblem(500, 'The tests could not be run; the terminal running the site says why').toJSON())
    } finally {
      running.delete(exercise.slug)
      stream.end()
    }
  }

  async function hint(context: Context) {
    const { exercise } = context
    const parsed = HintBody.safeParse(await readJson(context.req, 1024))
    if (!parsed.success) {
      const errors = parsed.error.issues.flatMap((issue) =>
        issue.code === 'unrecognized_keys'
          ? issue.keys.map((key) => ({ detail: 'Unknown field', pointer: pointerTo([...issue.path, key]) }))
          : [{ detail: issue.message, pointer: pointerTo(issue.path) }],
      )
      throw new ApiProblem(400, 'The body is not a hint level: send {"step": "<step id>", "level": <1, 2, …>}', { errors })
    }
    const { step: id, level } = parsed.data
    const step = exercise.steps.find((candidate) => candidate.id === id)
    if (!step) {
      const known = exercise.steps.map((candidate) => candidate.id).join(', ')
      throw new ApiProblem(422, `${exercise.slug} has no step "${id}"`, { errors: [{ detail: `Use one of: ${known}`, pointer: '/step' }] })
    }
    if (level > step.hints.length) {
      throw new ApiProblem(422, `Step "${id}" has ${step.hints.length} hints`, {
        errors: [{ detail: `Use a level from 1 to ${step.hints.length}`, pointer: '/level' }],
      })
    }
    updateProgress(root, exercise.slug, (entry) => {
      entry.hints[id] = Math.max(entry.hints[id] ?? 0, level)
    })
    sendJson(context.res, 200, state(context))
  }

  async function handle(req: IncomingMessage, res: ServerResponse, path: string) {
    guard(req)
    const match = /^exercises\/([^/]+)(?:\/([^/]+))?$/.exec(path.slice(apiPrefix.length))
    const methods = match ? handlers[match[2] ?? ''] : undefined
    if (!match || !methods) throw new ApiProblem(404, `No such resource in the local API: ${path}`)
    // HEAD is GET without the body, which Node's response drops by itself.
    const handler = methods[req.method === 'HEAD' ? 'GET' : (req.method ?? '')]
    if (!handler) {
      const allow = Object.keys(methods).flatMap((method) => (method === 'GET' ? ['GET', 'HEAD'] : [method]))
      throw new ApiProblem(405, `${path} answers ${allow.join(', ')}, not ${req.method}`, {}, { Allow: allow.join(', ') })
    }
    const workbook = openWorkbook(root)
    // findRoot looks upwards: a missing folder would silently mean the repository's own workbook.
    if (workbook.root !== root) throw new Error(`${root} is not a workbook root (it needs exercises/ and turbo.json)`)
    const slug = match[1]!
    const exercise = workbook.exercises.find((candidate) => candidate.slug === slug)
    if (!exercise) throw new ApiProblem(404, `No exercise "${slug}" in this workbook`)
    await handler({ req, res, workbook, exercise })
  }

  return function localApiMiddleware(req: IncomingMessage, res: ServerResponse, next: Next) {
    const path = (req.url ?? '/').split('?')[0]!
    if (!path.startsWith(apiPrefix)) return next()
    handle(req, res, path).catch((error: unknown) => {
      if (error instanceof ApiProblem) return sendProblem(res, error)
      // A bug or a broken workbook: the details are for the terminal, where the learner also looks.
      logError(`local API: ${req.method} ${path} failed: ${(error as Error).stack ?? error}`)
      if (!res.headersSent) sendProblem(res, new ApiProblem(500, 'The local API failed; the terminal running the site says why'))
      else res.end()
    })
  }
}

const HintBody = z.strictObject({ step: z.string(), level: z.int().min(1) }) satisfies z.ZodType<HintSeen>

function pointerTo(path: readonly PropertyKey[]): string {
  return path.map((part) => `/${String(part).replaceAll('~', '~0').replaceAll('/', '~1')}`).join('')
}

function summarize(result: RunResult): RunSummary {
  return {
    status: result.status,
    message: result.message ?? null,
    durationMs: result.durationMs,
    steps: stepResults(result),
    tests: result.tests.map((test) => ({ name: test.name, step: test.step ?? null, status: test.status, message: test.message ?? null })),
  }
}

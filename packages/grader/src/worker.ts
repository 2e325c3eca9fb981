/**
 * Child-process entry: runs vitest for the jobs the parent sends and streams what happens back over
 * IPC. It lives in its own process because learner code can loop forever, exit, or flood stdout,
 * and only a separate process can be killed from outside without taking the grader with it.
 */
import { availableParallelism } from 'node:os'
import { fileURLToPath } from 'node:url'
import { createVitest, type Reporter, type TestCase, type TestModule } from 'vitest/node'
import type { Job, WorkerCommand, WorkerEvent } from './protocol.ts'

const send = (event: WorkerEvent) => process.send?.(event)

/** The top-level `describe` a test sits in; its name is the step id. */
function stepOf(test: TestCase): string | undefined {
  let node: TestCase['parent'] | TestCase = test
  let top: string | undefined
  while (node.type !== 'module') {
    if (node.type === 'suite') top = node.name
    node = node.parent
  }
  return top
}

function describeTest(test: TestCase) {
  return {
    run: test.project.name,
    id: test.id,
    name: test.fullName,
    step: stepOf(test),
    file: test.module.moduleId,
    line: test.location?.line,
  }
}

const reporter: Reporter = {
  onTestModuleCollected(module: TestModule) {
    for (const test of module.children.allTests()) send({ type: 'collected', test: describeTest(test) })
  },
  onTestCaseResult(test) {
    const result = test.result()
    send({
      type: 'finished',
      id: test.id,
      state: result.state,
      errors: (result.errors ?? []).map((error) => ({
        message: error.message,
        stack: error.stack,
        diff: error.diff,
      })),
      durationMs: test.diagnostic()?.duration ?? 0,
    })
  },
  onTestModuleEnd(module) {
    const errors = module.errors()
    if (errors.length > 0) {
      send({
        type: 'module-error',
        run: module.project.name,
        errors: errors.map((error) => ({ message: error.message, stack: error.stack })),
      })
    }
  },
  onUserConsoleLog(log) {
    send({ type: 'log', id: log.taskId, content: log.content })
  },
  onTestRunStart() {
    send({ type: 'run-start' })
  },
  onTestRunEnd(modules, unhandledErrors) {
    send({ type: 'done', unhandledErrors: unhandledErrors.map((error) => String(error?.message ?? error)) })
  },
}

async function run(job: Job) {
  const vitest = await createVitest(
    {
      config: false,
      // In watch mode vitest stays up and re-runs on every change to the code under test: warm
      // re-runs are what keep save-to-result fast.
      watch: job.watch,
      reporters: [reporter],
      includeTaskLocation: true,
      // Learner code runs in its own fork so that process.exit() or a crash ends the fork, not us.
      pool: 'forks',
      // Vitest keeps a core free for its main process by default; here that process only relays
      // events, and on two cores the default would run verify's projects one at a time.
      maxWorkers: availableParallelism(),
      projects: job.runs.map((run) => ({
        resolve: { alias: [{ find: /^#src\/(.*)$/, replacement: `${run.srcDir}/$1` }] },
        test: {
          name: run.id,
          root: run.exerciseDir,
          include: ['test/**/*.test.ts'],
          setupFiles: [fileURLToPath(new URL('./trace.ts', import.meta.url))],
          testTimeout: job.testTimeoutMs,
          hookTimeout: job.testTimeoutMs,
        },
      })),
    },
    { root: job.root, logLevel: 'silent', clearScreen: false },
  )
  if (!job.watch) {
    try {
      await vitest.start()
    } finally {
      await vitest.close()
    }
    process.exit(0)
  }
  process.on('message', (message: WorkerCommand) => {
    if (message.type === 'rerun') void vitest.globTestSpecifications().then((specs) => vitest.rerunTestSpecifications(specs))
    if (message.type === 'close') void vitest.close().then(() => process.exit(0))
  })
  await vitest.start()
}

const fail = (error: unknown) => {
  send({ type: 'fatal', message: error instanceof Error ? error.message : String(error) })
  process.exit(1)
}

process.once('message', (job: Job) => {
  run(job).catch(fail)
})

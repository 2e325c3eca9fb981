import { emitKeypressEvents } from 'node:readline'
import { parseArgs, styleText } from 'node:util'
import type { Exercise } from '@workbook/curriculum'
import { pretty } from '../format/pretty.ts'
import { readProgress, recordResult, type Progress } from '../progress.ts'
import type { RunResult } from '../result.ts'
import { openSession, type Session } from '../run.ts'
import { exerciseDir, findExercise, hasStarted, openWorkbook, shortName, srcDir, startExercise, type Workbook } from '../workbook.ts'
import { run as hint } from './hint.ts'
import { run as list } from './list.ts'

const keys = `${styleText('dim', 'keys:')} n next · h hint · l list · r run again · q quit`

/**
 * `workbook` / `workbook watch [exercise]`: re-runs the tests on every save of the learner's files,
 * with a progress bar over the whole workbook and single-key commands.
 */
export async function run(args: string[]): Promise<number> {
  const { positionals } = parseArgs({ args, allowPositionals: true })
  const workbook = openWorkbook()
  let exercise = positionals[0] ? findExercise(workbook, positionals[0]) : current(workbook)
  if (!exercise) {
    console.log('Every exercise passes. Well done! Review them with `npx workbook list`.')
    return 0
  }

  let session: Session | undefined
  let last: RunResult | undefined
  const watch = (next: Exercise) => {
    session?.close()
    exercise = next
    startExercise(workbook, exercise)
    console.clear()
    console.log(`Watching ${styleText('bold', `practice/${exercise.slug}/`)} — save a file to re-run the tests.\n`)
    const request = { exercise, target: 'practice' as const, exerciseDir: exerciseDir(workbook, exercise), srcDir: srcDir(workbook, exercise, 'practice') }
    session = openSession([request], { root: workbook.root }, true, ([result]) => {
      last = result!
      recordResult(workbook.root, last)
      console.clear()
      process.stdout.write(pretty(last))
      console.log(progressBar(workbook, readProgress(workbook.root)))
      if (last.status === 'pass') {
        const following = nextExercise(workbook, last.exercise)
        console.log(styleText('green', following ? `\n  Done! Press n to go on to ${shortName(following)} · ${following.title}.` : '\n  Done — that was the last exercise!'))
      }
      console.log(`\n${keys}`)
    })
  }
  watch(exercise)

  if (!process.stdin.isTTY) {
    // No keyboard (CI, a pipe): keep watching until interrupted.
    await new Promise(() => {})
  }
  emitKeypressEvents(process.stdin)
  process.stdin.setRawMode(true)
  return new Promise((resolve) => {
    const quit = () => {
      session?.close()
      process.stdin.setRawMode(false)
      process.stdin.pause()
      resolve(0)
    }
    process.stdin.on('keypress', (text: string | undefined, key: { name?: string; ctrl?: boolean }) => {
      if (key.ctrl && key.name === 'c') return quit()
      switch (key.name ?? text) {
        case 'q':
          return quit()
        case 'r':
          return session?.rerun()
        case 'n': {
          const following = nextExercise(workbook, exercise!)
          if (following) watch(following)
          return
        }
        case 'h':
          void hint([exercise!.slug]).then(() => console.log(`\n${keys}`))
          return
        case 'l':
          void list([]).then(() => console.log(keys))
          return
      }
    })
  })
}

/** The exercise to work on: the last one touched that does not pass yet, else the first unfinished. */
export function current(workbook: Workbook): Exercise | undefined {
  const progress = readProgress(workbook.root)
  const unfinished = workbook.exercises.filter((exercise) => progress.exercises[exercise.slug]?.status !== 'pass')
  const touched = unfinished
    .filter((exercise) => hasStarted(workbook, exercise))
    .sort((a, b) => (progress.exercises[b.slug]?.updatedAt ?? '').localeCompare(progress.exercises[a.slug]?.updatedAt ?? ''))
  return touched[0] ?? unfinished[0]
}

function nextExercise(workbook: Workbook, exercise: Exercise): Exercise | undefined {
  return workbook.exercises.find((candidate) => candidate.number > exercise.number)
}

/** "Workbook ████████░░░░░░░░ 3/22 exercises · 12/60 steps" */
function progressBar(workbook: Workbook, progress: Progress): string {
  const steps = workbook.exercises.flatMap((exercise) => exercise.steps.map((step) => progress.exercises[exercise.slug]?.steps[step.id]))
  const stepsDone = steps.filter((status) => status === 'pass').length
  const done = workbook.exercises.filter((exercise) => progress.exercises[exercise.slug]?.status === 'pass').length
  const width = 24
  const filled = Math.round((stepsDone / Math.max(steps.length, 1)) * width)
  return `  Workbook ${styleText('green', '█'.repeat(filled))}${styleText('dim', '░'.repeat(width - filled))} ${done}/${workbook.exercises.length} exercises · ${stepsDone}/${steps.length} steps`
}

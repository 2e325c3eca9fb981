import { parseArgs, styleText } from 'node:util'
import { readProgress } from '../progress.ts'
import { hasStarted, lessonUrl, openWorkbook, shortName } from '../workbook.ts'

/** `workbook list`: every exercise with the learner's status and its lesson. */
export async function run(args: string[]): Promise<number> {
  parseArgs({ args })
  const workbook = openWorkbook()
  const progress = readProgress(workbook.root)
  const width = Math.max(...workbook.exercises.map((exercise) => exercise.title.length))
  console.log('')
  for (const exercise of workbook.exercises) {
    const entry = progress.exercises[exercise.slug]
    const done = exercise.steps.filter((step) => entry?.steps[step.id] === 'pass').length
    const started = hasStarted(workbook, exercise)
    const passed = started && entry?.status === 'pass'
    const status = (passed ? 'done' : started ? `${done}/${exercise.steps.length} steps` : 'not started').padEnd(11)
    const mark = passed ? styleText('green', '✓') : started ? '•' : ' '
    const shownStatus = passed ? styleText('green', status) : started ? status : styleText('dim', status)
    console.log(`  ${mark} ${shortName(exercise)}  ${exercise.title.padEnd(width)}  ${shownStatus}  ${styleText('dim', lessonUrl(exercise))}`)
  }
  console.log('')
  for (const problem of workbook.problems) console.error(styleText('yellow', `warning: ${problem.message}\n`))
  return 0
}

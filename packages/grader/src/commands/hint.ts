import { parseArgs, styleText } from 'node:util'
import { readProgress, updateProgress } from '../progress.ts'
import { UsageError } from '../usage.ts'
import { findExercise, lessonUrl, openWorkbook, shortName } from '../workbook.ts'

/**
 * `workbook hint <exercise> [--step N]`: reveal one more hint level for the first step that is not
 * done yet (as of the last test run), repeating the levels already seen.
 */
export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { step: { type: 'string' } } })
  if (positionals.length !== 1) throw new UsageError('say which exercise, e.g. `npx workbook hint 01`')
  const workbook = openWorkbook()
  const exercise = findExercise(workbook, positionals[0]!)
  const progress = readProgress(workbook.root).exercises[exercise.slug]

  let index: number
  if (values.step !== undefined) {
    index = Number(values.step) - 1
    if (!Number.isInteger(index) || !exercise.steps[index]) {
      throw new UsageError(`--step takes a step number from 1 to ${exercise.steps.length}`)
    }
  } else {
    index = exercise.steps.findIndex((step) => progress?.steps[step.id] !== 'pass')
    if (index === -1) {
      console.log(`Every step of ${exercise.slug} passes. Compare with the reference: npx workbook solution ${shortName(exercise)}`)
      return 0
    }
  }
  const step = exercise.steps[index]!
  const seen = progress?.hints[step.id] ?? 0
  const level = Math.min(seen + 1, step.hints.length)
  updateProgress(workbook.root, exercise.slug, (entry) => {
    entry.hints[step.id] = level
  })

  console.log(`\n${styleText('bold', `Step ${index + 1} · ${step.title}`)}\n`)
  step.hints.slice(0, level).forEach((hint, position) => {
    console.log(`  Hint ${position + 1}/${step.hints.length}  ${position + 1 === level ? hint : styleText('dim', hint)}\n`)
  })
  console.log(
    level < step.hints.length
      ? `Run the same command again for a more detailed hint.`
      : `That was the last hint for this step. The lesson walks through it: ${lessonUrl(exercise)}`,
  )
  return 0
}

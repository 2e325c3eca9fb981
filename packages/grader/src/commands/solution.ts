import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs, styleText } from 'node:util'
import { createTwoFilesPatch } from 'diff'
import { runTests } from '../run.ts'
import { UsageError } from '../usage.ts'
import { exerciseDir, findExercise, hasStarted, openWorkbook, practiceDir, shortName, srcDir } from '../workbook.ts'

/**
 * `workbook solution <exercise> [--force]`: the learner's files against the reference, as a
 * colored diff — once their code passes, so the reference teaches instead of replacing the work.
 */
export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { force: { type: 'boolean', default: false } } })
  if (positionals.length !== 1) throw new UsageError('say which exercise, e.g. `npx workbook solution 01`')
  const workbook = openWorkbook()
  const exercise = findExercise(workbook, positionals[0]!)
  const name = shortName(exercise)
  if (!hasStarted(workbook, exercise)) throw new UsageError(`start ${exercise.slug} first: \`npx workbook start ${name}\``)

  if (!values.force) {
    const [result] = await runTests(
      [{ exercise, target: 'practice', exerciseDir: exerciseDir(workbook, exercise), srcDir: srcDir(workbook, exercise, 'practice') }],
      { root: workbook.root },
    )
    if (result!.status !== 'pass') {
      console.log(`Your code does not pass every test of ${exercise.slug} yet (\`npx workbook test ${name}\`).`)
      console.log(`The reference is most useful after your own attempt; to see it anyway: npx workbook solution ${name} --force`)
      return 1
    }
  }

  for (const file of exercise.files) {
    const mine = join(practiceDir(workbook, exercise), file)
    const reference = join(workbook.root, 'solutions', exercise.slug, file)
    const patch = createTwoFilesPatch(
      `practice/${exercise.slug}/${file}`,
      `solutions/${exercise.slug}/${file}`,
      existsSync(mine) ? readFileSync(mine, 'utf8') : '',
      readFileSync(reference, 'utf8'),
      'yours',
      'reference',
      { context: 3 },
    )
    const body = patch.split('\n').slice(1)
    const identical = !body.some((line) => line.startsWith('@@'))
    console.log(identical ? `${file}: identical to the reference.` : body.map(paint).join('\n'))
  }
  console.log(`Why the reference is written this way: solutions/${exercise.slug}/NOTES.md`)
  return 0
}

function paint(line: string): string {
  if (line.startsWith('+++') || line.startsWith('---')) return styleText('bold', line)
  if (line.startsWith('+')) return styleText('green', line)
  if (line.startsWith('-')) return styleText('red', line)
  if (line.startsWith('@@')) return styleText('cyan', line)
  return line
}

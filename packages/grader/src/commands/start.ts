import { join, relative } from 'node:path'
import { parseArgs } from 'node:util'
import { UsageError } from '../usage.ts'
import { findExercise, lessonUrl, openWorkbook, practiceDir, shortName, startExercise } from '../workbook.ts'

/** `workbook start <exercise>`: make the learner's copy of the starter; never overwrite one. */
export async function run(args: string[]): Promise<number> {
  const { positionals } = parseArgs({ args, allowPositionals: true })
  if (positionals.length !== 1) throw new UsageError('say which exercise to start, e.g. `npx workbook start 01`')
  const workbook = openWorkbook()
  const exercise = findExercise(workbook, positionals[0]!)
  const target = practiceDir(workbook, exercise)
  const shown = relative(process.cwd(), target) || '.'
  const name = shortName(exercise)

  if (startExercise(workbook, exercise)) console.log(`Started ${name} · ${exercise.title} in ${shown}/`)
  else console.log(`${shown}/ already exists; your files were left as they are.`)
  console.log(`
  Open    ${exercise.files.map((file) => join(shown, file)).join(', ')}
  Read    ${lessonUrl(exercise)}  (run \`npm start\` to serve the lessons)
  Test    npx workbook test ${name}
  Hint    npx workbook hint ${name}
`)
  return 0
}

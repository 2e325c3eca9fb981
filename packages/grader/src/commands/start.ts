import { cpSync, existsSync } from 'node:fs'
import { join, relative } from 'node:path'
import { parseArgs } from 'node:util'
import { updateProgress } from '../progress.ts'
import { UsageError } from '../usage.ts'
import { exerciseDir, findExercise, lessonUrl, openWorkbook, practiceDir, shortName } from '../workbook.ts'

/** `workbook start <exercise>`: make the learner's copy of the starter; never overwrite one. */
export async function run(args: string[]): Promise<number> {
  const { positionals } = parseArgs({ args, allowPositionals: true })
  if (positionals.length !== 1) throw new UsageError('say which exercise to start, e.g. `npx workbook start 01`')
  const workbook = openWorkbook()
  const exercise = findExercise(workbook, positionals[0]!)
  const target = practiceDir(workbook, exercise)
  const shown = relative(process.cwd(), target) || '.'
  const name = shortName(exercise)

  if (existsSync(target)) {
    console.log(`${shown}/ already exists; your files were left as they are.`)
  } else {
    cpSync(join(exerciseDir(workbook, exercise), 'src'), join(target, 'src'), { recursive: true, errorOnExist: true, force: false })
    updateProgress(workbook.root, exercise.slug, (entry) => {
      entry.startedAt = new Date().toISOString()
    })
    console.log(`Started ${name} · ${exercise.title} in ${shown}/`)
  }
  console.log(`
  Open    ${exercise.files.map((file) => join(shown, file)).join(', ')}
  Read    ${lessonUrl(exercise)}  (run \`npm start\` to serve the lessons)
  Test    npx workbook test ${name}
  Hint    npx workbook hint ${name}
`)
  return 0
}

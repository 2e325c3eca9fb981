import { cpSync, existsSync, rmSync } from 'node:fs'
import { join, relative } from 'node:path'
import { parseArgs } from 'node:util'
import { updateProgress } from '../progress.ts'
import { UsageError } from '../usage.ts'
import { exerciseDir, findExercise, openWorkbook, practiceDir, shortName } from '../workbook.ts'

/** `workbook reset <exercise>`: back the learner's files up, then restore the starter. */
export async function run(args: string[]): Promise<number> {
  const { positionals } = parseArgs({ args, allowPositionals: true })
  if (positionals.length !== 1) throw new UsageError('say which exercise to reset, e.g. `npx workbook reset 01`')
  const workbook = openWorkbook()
  const exercise = findExercise(workbook, positionals[0]!)
  const practice = practiceDir(workbook, exercise)
  if (!existsSync(practice)) {
    throw new UsageError(`${exercise.slug} was never started, so there is nothing to reset: run \`npx workbook start ${shortName(exercise)}\``)
  }

  // Colons are not allowed in Windows file names, so the ISO time uses dashes.
  const stamp = new Date().toISOString().replace(/[:.]/g, '-')
  const backup = join(workbook.root, '.workbook', 'backups', exercise.slug, stamp)
  cpSync(practice, backup, { recursive: true, errorOnExist: true, force: false })
  rmSync(join(practice, 'src'), { recursive: true, force: true })
  cpSync(join(exerciseDir(workbook, exercise), 'src'), join(practice, 'src'), { recursive: true })
  updateProgress(workbook.root, exercise.slug, (entry) => {
    delete entry.status
    entry.steps = {}
  })

  console.log(`Reset ${relative(process.cwd(), practice) || '.'}/ to the starter.`)
  console.log(`Your previous files are backed up in ${relative(process.cwd(), backup)}/`)
  return 0
}

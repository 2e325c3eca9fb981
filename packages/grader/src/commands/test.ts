import { writeFileSync } from 'node:fs'
import { relative } from 'node:path'
import { parseArgs } from 'node:util'
import { formatRun, formats, type Format } from '../format/index.ts'
import { recordResult } from '../progress.ts'
import type { Target } from '../result.ts'
import { runTests } from '../run.ts'
import { UsageError } from '../usage.ts'
import { exerciseDir, findExercise, hasStarted, openWorkbook, shortName, srcDir } from '../workbook.ts'

/** `workbook test <exercise>`: run the exercise's tests once and report. */
export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      starter: { type: 'boolean', default: false },
      solution: { type: 'boolean', default: false },
      format: { type: 'string', default: 'pretty' },
      output: { type: 'string' },
    },
  })
  if (positionals.length !== 1) throw new UsageError('say which exercise to test, e.g. `npx workbook test 01`')
  if (values.starter && values.solution) throw new UsageError('choose one of --starter and --solution')
  const format = parseFormat(values.format)
  const target: Target = values.starter ? 'starter' : values.solution ? 'solution' : 'practice'

  const workbook = openWorkbook()
  const exercise = findExercise(workbook, positionals[0]!)
  if (target === 'practice' && !hasStarted(workbook, exercise)) {
    throw new UsageError(
      `you have not started ${exercise.slug} yet: run \`npx workbook start ${shortName(exercise)}\` first (or add --starter to test the starter).`,
    )
  }

  const [result] = await runTests(
    [{ exercise, target, exerciseDir: exerciseDir(workbook, exercise), srcDir: srcDir(workbook, exercise, target) }],
    { root: workbook.root },
  )
  if (target === 'practice') recordResult(workbook.root, result!)

  const report = formatRun(result!, format, workbook.root)
  if (values.output) {
    writeFileSync(values.output, report)
    console.error(`Report written to ${relative(process.cwd(), values.output)} (${result!.status}).`)
  } else {
    process.stdout.write(report)
  }
  return result!.status === 'pass' ? 0 : 1
}

export function parseFormat(value: string): Format {
  if (!(formats as readonly string[]).includes(value)) {
    throw new UsageError(`unknown format '${value}': use one of ${formats.join(', ')}`)
  }
  return value as Format
}

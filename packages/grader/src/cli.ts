import { CurriculumError } from '@workbook/curriculum'
import { UsageError } from './usage.ts'

/** One module per command; each exports `run(args): Promise<number>` returning the exit code. */
const commands = {
  watch: () => import('./commands/watch.ts'),
  start: () => import('./commands/start.ts'),
  test: () => import('./commands/test.ts'),
  hint: () => import('./commands/hint.ts'),
  solution: () => import('./commands/solution.ts'),
  reset: () => import('./commands/reset.ts'),
  list: () => import('./commands/list.ts'),
  serve: () => import('./commands/serve.ts'),
  verify: () => import('./commands/verify.ts'),
  grade: () => import('./commands/grade.ts'),
} as const

const help = `workbook — learn API engineering by making tests pass

Usage: npx workbook <command> [options]

  (no command)                watch the exercise you are on: re-run on save, keys for next/hint/list
  watch [exercise]            the same, for a given exercise
  start <exercise>            copy the starter to practice/<exercise>/ and say what to open
  test <exercise>             run the tests against your code (exit 0 when all pass)
      --starter | --solution    test the pristine starter or the reference solution instead
      --format pretty|json|junit|markdown   json: Exercism v3 results with score/max_score
      --output FILE             write the report to FILE
  hint <exercise> [--step N]  reveal the next hint for the first unfinished step
  solution <exercise>         compare your code with the reference, once it passes (--force before)
  reset <exercise>            back your files up under .workbook/backups/, then restore the starter
  list                        every exercise with its status
  serve <exercise> [--port N] run your API on 127.0.0.1 to try it with curl (--solution: the reference)
  verify                      maintainers: every starter fails each step, every solution passes
  grade --assignment FILE     mentors: grade practice/ with pristine tests and a weighted score
      [--repo DIR]              the learner's checkout (default: this one); --format/--output as above

<exercise> is a number (1, 01), a slug (01-http-basics) or a unique part of its name.
Exit codes: 0 success · 1 tests fail · 2 bad usage or bad input.
`

async function main(argv: string[]): Promise<number> {
  const [name = 'watch', ...args] = argv
  if (name === 'help' || name === '--help' || name === '-h') {
    process.stdout.write(help)
    return 0
  }
  if (!(name in commands)) throw new UsageError(`unknown command '${name}'. Run \`npx workbook help\` to see the commands.`)
  const command = await commands[name as keyof typeof commands]()
  return command.run(args)
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code
  },
  (error: unknown) => {
    if (error instanceof UsageError || error instanceof CurriculumError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      console.error(`workbook: ${(error as Error).message}`)
      process.exitCode = 2
    } else {
      throw error
    }
  },
)

import { existsSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs, styleText } from 'node:util'
import type { Exercise } from '@workbook/curriculum'
import { stepResults, type RunResult } from '../result.ts'
import { runTests, unhurriedTimeoutMs, type RunRequest } from '../run.ts'
import { parseFormat } from './test.ts'
import { exerciseDir, findExercise, openWorkbook, srcDir, type Workbook } from '../workbook.ts'

/** What one exercise's check found: the runs, and every broken rule as a sentence. */
interface Verdict {
  exercise: Exercise
  starter: RunResult
  solution: RunResult
  problems: string[]
}

/**
 * `workbook verify [exercise...]`, for maintainers: metadata is valid (loading checks it), every
 * exercise has a solution, notes and a lesson, every test belongs to a step, the starter fails at
 * least one test in every step, and the solution passes every test.
 */
export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { format: { type: 'string', default: 'pretty' }, output: { type: 'string' } },
  })
  const format = parseFormat(values.format)
  const workbook = openWorkbook()
  const exercises = positionals.length > 0 ? positionals.map((query) => findExercise(workbook, query)) : workbook.exercises

  const requests: RunRequest[] = exercises.flatMap((exercise) =>
    (['starter', 'solution'] as const).map((target) => ({
      exercise,
      target,
      exerciseDir: exerciseDir(workbook, exercise),
      srcDir: srcDir(workbook, exercise, target),
    })),
  )
  const started = Date.now()
  const results = await runTests(requests, { root: workbook.root, testTimeoutMs: unhurriedTimeoutMs })
  const verdicts = exercises.map((exercise, index) => {
    const starter = results[index * 2]!
    const solution = results[index * 2 + 1]!
    return { exercise, starter, solution, problems: check(workbook, exercise, starter, solution) }
  })
  const metadataProblems = positionals.length > 0 ? [] : workbook.problems.map((problem) => problem.message)
  const ok = metadataProblems.length === 0 && verdicts.every((verdict) => verdict.problems.length === 0)

  const report =
    format === 'json'
      ? `${JSON.stringify(toJson(verdicts, metadataProblems, ok), null, 2)}\n`
      : format === 'junit'
        ? toJunitChecks(verdicts, metadataProblems)
        : format === 'markdown'
          ? toMarkdownTable(verdicts, metadataProblems, ok)
          : pretty(verdicts, metadataProblems, ok, Date.now() - started)
  if (values.output) writeFileSync(values.output, report)
  else process.stdout.write(report)
  return ok ? 0 : 1
}

function check(workbook: Workbook, exercise: Exercise, starter: RunResult, solution: RunResult): string[] {
  const problems: string[] = []
  const { slug } = exercise
  for (const [path, what] of [
    [`solutions/${slug}/src`, 'a reference solution'],
    [`solutions/${slug}/NOTES.md`, 'notes on the solution'],
    [`apps/site/src/content/docs/lessons/${slug}.mdx`, 'a lesson'],
  ] as const) {
    if (!existsSync(join(workbook.root, path))) problems.push(`${slug}: ${path} is missing (${what})`)
  }
  for (const file of exercise.files) {
    if (!existsSync(join(workbook.root, 'exercises', slug, file))) problems.push(`${slug}: exercise.json lists ${file}, which the starter lacks`)
  }
  const stepIds = new Set(exercise.steps.map((step) => step.id))
  for (const test of solution.tests) {
    if (!test.step || !stepIds.has(test.step)) {
      problems.push(`${slug}: test "${test.name}" is not inside a top-level describe named after a step id (${[...stepIds].join(', ')})`)
    }
  }
  if (starter.status === 'error') problems.push(`${slug} starter: does not run: ${starter.message ?? 'unknown error'}`)
  else {
    for (const step of stepResults(starter)) {
      if (step.total === 0) problems.push(`${slug}: step "${step.id}" has no tests`)
      else if (step.status === 'pass') problems.push(`${slug} starter: step "${step.id}" already passes; the learner would have nothing to do`)
    }
  }
  if (solution.status !== 'pass') {
    const failing = solution.tests.filter((test) => test.status !== 'pass')
    if (solution.message) problems.push(`${slug} solution: does not run: ${solution.message}`)
    for (const test of failing) {
      problems.push(`${slug} solution: step "${test.step}" fails "${test.name}": ${test.message?.split('\n')[0] ?? ''}`)
    }
  }
  return problems
}

function pretty(verdicts: Verdict[], metadataProblems: string[], ok: boolean, durationMs: number): string {
  const width = Math.max(...verdicts.map((verdict) => verdict.exercise.slug.length))
  const lines = ['', `  ${'exercise'.padEnd(width)}  starter                  solution`]
  for (const { exercise, starter, solution, problems } of verdicts) {
    const steps = stepResults(starter)
    const failingSteps = steps.filter((step) => step.status !== 'pass').length
    const passing = solution.tests.filter((test) => test.status === 'pass').length
    const starterOk = starter.status !== 'error' && failingSteps === steps.length
    const starterText = `${starterOk ? '✓' : '✗'} fails ${failingSteps}/${steps.length} steps`.padEnd(23)
    const solutionText = `${solution.status === 'pass' ? '✓' : '✗'} passes ${passing}/${solution.tests.length} tests`
    const mark = problems.length === 0 ? styleText('green', '✓') : styleText('red', '✗')
    lines.push(`${mark} ${exercise.slug.padEnd(width)}  ${starterText}  ${solutionText}`)
  }
  const problems = [...metadataProblems, ...verdicts.flatMap((verdict) => verdict.problems)]
  lines.push('')
  if (problems.length > 0) lines.push(styleText('red', 'Problems:'), ...problems.map((problem) => `  - ${problem}`), '')
  lines.push(
    `${ok ? styleText('green', 'verified') : styleText('red', 'not verified')}: ${verdicts.length} exercises in ${(durationMs / 1000).toFixed(1)} s`,
    '',
  )
  return lines.join('\n')
}

/** The rules verify checks, each a pass/fail line, for dashboards and job summaries. */
function checks(verdict: Verdict): { name: string; problems: string[] }[] {
  const { slug } = verdict.exercise
  const about = (target: string) => verdict.problems.filter((problem) => problem.startsWith(`${slug} ${target}`))
  const rest = verdict.problems.filter((problem) => !problem.startsWith(`${slug} starter`) && !problem.startsWith(`${slug} solution`))
  return [
    { name: 'the starter fails at least one test in every step', problems: about('starter') },
    { name: 'the solution passes every test', problems: about('solution') },
    { name: 'lesson, notes and metadata are complete', problems: rest },
  ]
}

function toJunitChecks(verdicts: Verdict[], metadataProblems: string[]): string {
  const escape = (text: string) => text.replace(/[<>&"]/g, (char) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[char]!)
  const cases = [
    ...metadataProblems.map((problem) => ({ classname: 'metadata', name: problem.split('\n')[0]!, problems: [problem] })),
    ...verdicts.flatMap((verdict) => checks(verdict).map((check) => ({ classname: verdict.exercise.slug, ...check }))),
  ]
  const body = cases.map(({ classname, name, problems }) =>
    problems.length === 0
      ? `    <testcase classname="${escape(classname)}" name="${escape(name)}"/>`
      : `    <testcase classname="${escape(classname)}" name="${escape(name)}">\n      <failure message="${escape(problems[0]!.split('\n')[0]!)}">${escape(problems.join('\n'))}</failure>\n    </testcase>`,
  )
  const failures = cases.filter((check) => check.problems.length > 0).length
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="workbook verify" tests="${cases.length}" failures="${failures}">\n  <testsuite name="verify" tests="${cases.length}" failures="${failures}">\n${body.join('\n')}\n  </testsuite>\n</testsuites>\n`
}

function toMarkdownTable(verdicts: Verdict[], metadataProblems: string[], ok: boolean): string {
  const mark = (problems: string[]) => (problems.length === 0 ? '✅' : '❌')
  const lines = [
    `## ${ok ? '✅ verified' : '❌ not verified'}: ${verdicts.length} exercises`,
    '',
    '| Exercise | Starter fails every step | Solution passes | Lesson, notes, metadata |',
    '| --- | --- | --- | --- |',
    ...verdicts.map((verdict) => `| ${verdict.exercise.slug} | ${checks(verdict).map((check) => mark(check.problems)).join(' | ')} |`),
    '',
  ]
  const problems = [...metadataProblems, ...verdicts.flatMap((verdict) => verdict.problems)]
  if (problems.length > 0) lines.push('### Problems', '', ...problems.map((problem) => `- ${problem.replace(/\n\s*/g, ' ')}`), '')
  return lines.join('\n')
}

function toJson(verdicts: Verdict[], metadataProblems: string[], ok: boolean) {
  const summary = (result: RunResult) => ({
    status: result.status,
    message: result.message ?? null,
    steps: stepResults(result).map(({ id, status, passed, total }) => ({ id, status, passed, total })),
  })
  return {
    ok,
    metadataProblems,
    exercises: verdicts.map(({ exercise, starter, solution, problems }) => ({
      slug: exercise.slug,
      ok: problems.length === 0,
      problems,
      starter: summary(starter),
      solution: summary(solution),
    })),
  }
}

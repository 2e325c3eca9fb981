import { existsSync, writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { parseArgs, styleText } from 'node:util'
import { loadAssignment, type Assignment, type Exercise } from '@workbook/curriculum'
import { toExercism } from '../format/json.ts'
import { toJunit } from '../format/junit.ts'
import { icon, toMarkdown } from '../format/markdown.ts'
import type { RunResult } from '../result.ts'
import { runTests, unhurriedTimeoutMs } from '../run.ts'
import { tamperedFiles } from '../tamper.ts'
import { UsageError } from '../usage.ts'
import { exerciseDir, findExercise, openWorkbook, shortName, shownPath, srcDir } from '../workbook.ts'
import { parseFormat } from './test.ts'

/** How one assigned exercise scored. */
interface Grade {
  exercise: Exercise
  weight: number
  /** Weighted points: weight × share of tests passed (0 when not started or not runnable). */
  points: number
  result: RunResult | undefined
  tampered: string[]
}

/**
 * `workbook grade --assignment FILE [--repo DIR]`, for mentors: runs this workbook's pristine tests
 * against the learner's practice/ in DIR, flags pristine files the learner changed, and reports a
 * weighted score. Exit 0 when the score reaches the pass threshold.
 */
export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      assignment: { type: 'string' },
      repo: { type: 'string' },
      format: { type: 'string', default: 'pretty' },
      output: { type: 'string' },
    },
  })
  if (!values.assignment || positionals.length > 0) {
    throw new UsageError('usage: npx workbook grade --assignment assignments/<file>.json [--repo <learner checkout>]')
  }
  const format = parseFormat(values.format)
  const workbook = openWorkbook()
  const file = resolve(values.assignment)
  if (!existsSync(file)) throw new UsageError(`no assignment file at ${values.assignment}; the examples are in assignments/`)
  const assignment = loadAssignment(file, workbook.exercises, shownPath(process.cwd(), file))
  const repo = resolve(values.repo ?? workbook.root)
  if (!existsSync(repo)) throw new UsageError(`--repo ${values.repo}: no such folder`)

  const exercises = assignment.exercises.map(({ exercise }) => findExercise(workbook, exercise))
  const started = exercises.filter((exercise) => existsSync(srcDir(workbook, exercise, 'practice', repo)))
  const results = await runTests(
    started.map((exercise) => ({
      exercise,
      target: 'practice' as const,
      exerciseDir: exerciseDir(workbook, exercise),
      srcDir: srcDir(workbook, exercise, 'practice', repo),
    })),
    { root: workbook.root, testTimeoutMs: unhurriedTimeoutMs },
  )
  const grades: Grade[] = assignment.exercises.map(({ weight }, index) => {
    const exercise = exercises[index]!
    const result = results[started.indexOf(exercise)]
    const passed = result?.tests.filter((test) => test.status === 'pass').length ?? 0
    const share = result && result.status !== 'error' && result.tests.length > 0 ? passed / result.tests.length : 0
    const tampered = repo === workbook.root ? [] : tamperedFiles(workbook.root, repo, exercise.slug)
    return { exercise, weight, points: weight * share, result, tampered }
  })
  const total = grades.reduce((sum, grade) => sum + grade.points, 0)
  const max = grades.reduce((sum, grade) => sum + grade.weight, 0)
  const passed = total / max >= assignment.passThreshold

  const report = render(format, assignment, grades, { total, max, passed, repo }, workbook.root)
  if (values.output) {
    writeFileSync(values.output, report)
    console.error(`Grade written to ${values.output}: ${percent(total / max)} (${passed ? 'pass' : 'not yet'}).`)
  } else {
    process.stdout.write(report)
  }
  return passed ? 0 : 1
}

const percent = (share: number) => `${Math.round(share * 100)}%`

interface Totals {
  total: number
  max: number
  passed: boolean
  repo: string
}

function render(format: string, assignment: Assignment, grades: Grade[], totals: Totals, root: string): string {
  const ran = grades.flatMap((grade) => (grade.result ? [grade.result] : []))
  const statusOf = (grade: Grade) => (grade.result ? grade.result.status : 'not started')
  switch (format) {
    case 'json':
      return `${JSON.stringify(
        {
          assignment: assignment.title,
          due: assignment.due ?? null,
          repo: totals.repo,
          score: round(totals.total),
          max_score: totals.max,
          pass_threshold: assignment.passThreshold,
          passed: totals.passed,
          exercises: grades.map((grade) => ({
            exercise: grade.exercise.slug,
            weight: grade.weight,
            score: round(grade.points),
            max_score: grade.weight,
            status: statusOf(grade),
            tampered: grade.tampered,
            results: grade.result ? toExercism(grade.result, root) : null,
          })),
        },
        null,
        2,
      )}\n`
    case 'junit':
      return toJunit(ran)
    case 'markdown':
      return [
        `## ${totals.passed ? '✅' : '❌'} ${assignment.title}: ${percent(totals.total / totals.max)}`,
        '',
        `Pass threshold ${percent(assignment.passThreshold)}${assignment.due ? ` · due ${assignment.due}` : ''}`,
        '',
        '| Exercise | Weight | Score | Status |',
        '| --- | --- | --- | --- |',
        ...grades.map(
          (grade) =>
            `| ${shortName(grade.exercise)} · ${grade.exercise.title} | ${grade.weight} | ${round(grade.points)} | ${grade.result ? icon[grade.result.status] : '—'} ${statusOf(grade)}${grade.tampered.length ? ' · ⚠️ tampered files' : ''} |`,
        ),
        '',
        ...grades.filter((grade) => grade.tampered.length).map((grade) => `⚠️ ${grade.exercise.slug}: changed pristine files (graded with the originals): ${grade.tampered.join(', ')}\n`),
        toMarkdown(ran),
      ].join('\n')
    default: {
      const width = Math.max(...grades.map((grade) => grade.exercise.title.length))
      const lines = ['', styleText('bold', `${assignment.title}${assignment.due ? ` (due ${assignment.due})` : ''}`), '']
      for (const grade of grades) {
        const score = `${round(grade.points)}/${grade.weight}`.padEnd(9)
        lines.push(`  ${shortName(grade.exercise)}  ${grade.exercise.title.padEnd(width)}  ${score} ${statusOf(grade)}`)
        for (const path of grade.tampered) lines.push(styleText('yellow', `      changed pristine file (graded with the original): ${path}`))
      }
      const verdict = totals.passed ? styleText('green', 'pass') : styleText('red', 'not yet')
      lines.push('', `  Score ${round(totals.total)}/${totals.max} = ${percent(totals.total / totals.max)} · threshold ${percent(assignment.passThreshold)} · ${verdict}`, '')
      return lines.join('\n')
    }
  }
}

const round = (value: number) => Math.round(value * 100) / 100

import { dirname, join } from 'node:path'
import { styleText } from 'node:util'
import { stepResults, type RunResult, type Status } from '../result.ts'
import { lessonUrl, shortName } from '../workbook.ts'

const mark: Record<Status, string> = {
  pass: styleText('green', '✓'),
  fail: styleText('red', '✗'),
  error: styleText('red', '!'),
}

const indent = (text: string, by: string) => text.replace(/^/gm, by)

/** The report a learner reads after every run: steps, the first failure explained, what to do next. */
export function pretty(result: RunResult): string {
  const { exercise } = result
  const steps = stepResults(result)
  const passed = result.tests.filter((test) => test.status === 'pass').length
  const width = Math.max(...steps.map((step) => step.title.length))
  const lines = ['', `${styleText('bold', `${shortName(exercise)} · ${exercise.title}`)}  ${styleText('dim', result.srcDir)}`, '']

  for (const step of steps) {
    const tally = step.total > 0 ? `${step.passed}/${step.total}` : ''
    lines.push(`  ${mark[step.status]} Step ${step.number}  ${step.title.padEnd(width)}  ${styleText('dim', tally)}`)
  }
  lines.push('')

  if (result.status === 'error' && result.message) {
    lines.push(styleText(['red', 'bold'], '  Your code could not be tested:'), indent(result.message, '    '), '')
  } else {
    const failure = result.tests.find((test) => test.status !== 'pass')
    if (failure) {
      lines.push(`  ${styleText('bold', 'First failure:')} ${failure.name.replace(' > ', ' › ')}`)
      if (failure.message) lines.push(indent(failure.message, '    '))
      if (failure.output) lines.push(styleText('dim', '    Your code logged:'), styleText('dim', indent(failure.output.trimEnd(), '      ')))
      lines.push('')
    }
  }

  const stepsDone = steps.filter((step) => step.status === 'pass').length
  if (result.tests.length > 0) lines.push(`  ${passed} of ${result.tests.length} tests pass · ${stepsDone} of ${steps.length} steps done`)
  if (result.target === 'practice') {
    if (result.status === 'pass') {
      lines.push(styleText('green', `  All steps done. Compare with the reference: npx workbook solution ${shortName(exercise)}`))
    } else {
      lines.push(`  Edit    ${exercise.files.map((file) => join(dirname(result.srcDir), file)).join(', ')}`)
      lines.push(`  Stuck?  npx workbook hint ${shortName(exercise)}`)
    }
    lines.push(`  Lesson  ${lessonUrl(exercise)}`)
  }
  lines.push('')
  return lines.join('\n')
}

import { stepResults, type RunResult, type Status } from '../result.ts'
import { shortName } from '../workbook.ts'

export const icon: Record<Status, string> = { pass: '✅', fail: '❌', error: '⚠️' }

/** A report for a GitHub job summary ($GITHUB_STEP_SUMMARY) or a mentor: one section per run. */
export function toMarkdown(results: RunResult[]): string {
  return results.map(section).join('\n')
}

function section(result: RunResult): string {
  const steps = stepResults(result)
  const passed = result.tests.filter((test) => test.status === 'pass').length
  const lines = [
    `### ${icon[result.status]} ${shortName(result.exercise)} · ${result.exercise.title}`,
    '',
    `${passed} of ${result.tests.length} tests pass · ${steps.filter((step) => step.status === 'pass').length} of ${steps.length} steps · \`${result.srcDir}\``,
    '',
    '| | Step | Tests |',
    '| --- | --- | --- |',
    ...steps.map((step) => `| ${icon[step.status]} | ${step.number} · ${step.title} | ${step.passed}/${step.total} |`),
    '',
  ]
  const problem = result.status === 'error' ? result.message : result.tests.find((test) => test.status !== 'pass')?.message
  const heading = result.status === 'error' ? 'Why it could not be tested' : `First failure: ${result.tests.find((test) => test.status !== 'pass')?.name ?? ''}`
  if (problem) lines.push('<details>', `<summary>${heading.replace(/[<>]/g, '')}</summary>`, '', '```text', problem.replace(/```/g, "'''"), '```', '</details>', '')
  return lines.join('\n')
}

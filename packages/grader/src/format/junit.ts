import { stepResults, type RunResult } from '../result.ts'

const escape = (text: string) =>
  text.replace(/[<>&"']/g, (char) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[char]!)
// XML 1.0 cannot carry most control characters, even escaped.
const clean = (text: string) => escape(text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, ''))
const seconds = (milliseconds: number) => (milliseconds / 1000).toFixed(3)

/** JUnit XML as CI dashboards read it: one <testsuite> per step of each exercise run. */
export function toJunit(results: RunResult[]): string {
  const suites = results.flatMap((result) =>
    stepResults(result).map((step) => {
      const tests = result.tests.filter((test) => test.step === step.id)
      const cases = tests.map((test) => {
        const name = test.name.slice(test.name.indexOf(' > ') + 3)
        const attributes = `classname="${clean(`${result.exercise.slug}.${step.id}`)}" name="${clean(name)}" time="${seconds(test.durationMs)}" file="${clean(test.file)}"`
        if (test.status === 'pass') return `    <testcase ${attributes}/>`
        const tag = test.status === 'fail' ? 'failure' : 'error'
        const message = test.message ?? ''
        return `    <testcase ${attributes}>\n      <${tag} message="${clean(message.split('\n')[0] ?? '')}">${clean(message)}</${tag}>\n    </testcase>`
      })
      if (tests.length === 0 && result.message) {
        cases.push(`    <testcase classname="${clean(result.exercise.slug)}" name="${clean(step.title)}">\n      <error message="${clean(result.message.split('\n')[0]!)}">${clean(result.message)}</error>\n    </testcase>`)
      }
      const count = (status: string) => tests.filter((test) => test.status === status).length
      const errors = count('error') + (tests.length === 0 && result.message ? 1 : 0)
      return `  <testsuite name="${clean(`${result.exercise.slug} · ${step.number} ${step.title}`)}" tests="${Math.max(tests.length, cases.length)}" failures="${count('fail')}" errors="${errors}" time="${seconds(tests.reduce((sum, test) => sum + test.durationMs, 0))}">\n${cases.join('\n')}\n  </testsuite>`
    }),
  )
  const total = results.reduce((sum, result) => sum + result.tests.length, 0)
  const failures = results.reduce((sum, result) => sum + result.tests.filter((test) => test.status === 'fail').length, 0)
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="workbook" tests="${total}" failures="${failures}">\n${suites.join('\n')}\n</testsuites>\n`
}

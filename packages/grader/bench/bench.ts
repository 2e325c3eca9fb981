/**
 * `npm run bench`: prints how fast the grader is on this machine, each figure against a baseline
 * measured in the same run (machines are noisy; nothing here is asserted).
 *   a. `workbook test 01` wall time vs raw `vitest run` of the same tests (goal: ratio <= 1.25)
 *   b. watch mode, save to result printed: median and p90 over 20 saves (goal: median <= 400 ms)
 *   c. `workbook verify`: total and per exercise (goal: <= 2 s + 0.6 s per exercise)
 */
import { spawnSync } from 'node:child_process'
import { appendFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { scanExercises } from '@workbook/curriculum'
import { openSession } from '../src/run.ts'

const root = join(import.meta.dirname, '..', '..', '..')
const workbookBin = join(root, 'packages', 'grader', 'bin', 'workbook.js')
const vitestBin = join(root, 'node_modules', 'vitest', 'vitest.mjs')
const { exercises } = scanExercises(root)
const first = exercises[0]!

const time = (command: string[], cwd = root) => {
  const started = performance.now()
  spawnSync(process.execPath, command, { cwd, stdio: 'ignore' })
  return performance.now() - started
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!
const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))]!
const ms = (value: number) => `${Math.round(value)} ms`

// a. One-off run against the bare test runner, interleaved so both see the same machine load.
const grader: number[] = []
const raw: number[] = []
for (let round = 0; round < 7; round++) {
  grader.push(time([workbookBin, 'test', first.slug, '--starter', '--format', 'json']))
  raw.push(time([vitestBin, 'run', '--reporter=dot'], join(root, 'exercises', first.slug)))
}
console.log(`a. workbook test ${first.slug}: median ${ms(median(grader))} vs raw vitest run ${ms(median(raw))} → ratio ${(median(grader) / median(raw)).toFixed(2)} (goal <= 1.25)`)

// b. Save-to-result in watch mode, on a scratch copy of the starter inside the repository.
const scratch = mkdtempSync(join(root, 'packages', 'grader', '.scratch-'))
cpSync(join(root, 'exercises', first.slug, 'src'), scratch, { recursive: true })
const latencies: number[] = []
await new Promise<void>((resolve) => {
  let savedAt = 0
  let saves = 0
  const save = () => {
    savedAt = performance.now()
    appendFileSync(join(scratch, first.files[0]!.replace(/^src\//, '')), `// save ${saves++}\n`)
  }
  const session = openSession(
    [{ exercise: first, target: 'practice', exerciseDir: join(root, 'exercises', first.slug), srcDir: scratch }],
    { root },
    true,
    () => {
      if (savedAt > 0) latencies.push(performance.now() - savedAt)
      savedAt = 0
      if (latencies.length === 20) {
        session.close()
        resolve()
      } else {
        // A pause between saves, as between a person's edits; the watcher settles in between.
        setTimeout(save, 300)
      }
    },
  )
})
rmSync(scratch, { recursive: true, force: true })
console.log(`b. watch save → result: median ${ms(median(latencies))}, p90 ${ms(percentile(latencies, 0.9))} over ${latencies.length} saves (goal: median <= 400 ms)`)

// c. verify: every exercise against starter and solution.
const verify = time([workbookBin, 'verify'])
const budget = 2000 + 600 * exercises.length
console.log(
  `c. workbook verify: ${ms(verify)} for ${exercises.length} exercises = ${ms(verify / exercises.length)} per exercise (goal <= ${ms(budget)} = 2 s + 0.6 s × ${exercises.length}; ${(verify / budget).toFixed(2)} of budget)`,
)

import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { loadExercise } from '@workbook/curriculum'
import { Ajv2020 } from 'ajv/dist/2020.js'
import { beforeAll, describe, expect, it } from 'vitest'
import { formatRun } from '../src/format/index.ts'
import type { RunResult } from '../src/result.ts'
import { runTests } from '../src/run.ts'

const root = join(import.meta.dirname, '..', '..', '..')
const exercise = loadExercise(root, '01-http-basics')
const schema = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'results.schema.json'), 'utf8'))
const validate = new Ajv2020({ allErrors: true }).compile(schema)

let starter: RunResult
let broken: RunResult
let noisy: RunResult
beforeAll(async () => {
  const run = async (srcDir: string) =>
    (await runTests([{ exercise, target: 'starter', exerciseDir: join(root, 'exercises', exercise.slug), srcDir }], { root }))[0]!
  ;[starter, broken, noisy] = await Promise.all([
    run(join(root, 'exercises', exercise.slug, 'src')),
    run(join(import.meta.dirname, 'fixtures', 'syntax-error')),
    run(join(import.meta.dirname, 'fixtures', 'floods-output')),
  ])
}, 60_000)

describe('--format json', () => {
  it.each([
    ['a failing run', () => starter],
    ['a run that could not compile', () => broken],
    ['a run whose code floods the log', () => noisy],
  ])('matches results.schema.json for %s', (_, result) => {
    const report = JSON.parse(formatRun(result(), 'json', root))
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true)
  })

  it('scores each passing test 1 and adds them up', () => {
    const report = JSON.parse(formatRun(starter, 'json', root))
    const passing = report.tests.filter((test: { status: string }) => test.status === 'pass').length
    expect(report).toMatchObject({ status: 'fail', score: passing, max_score: report.tests.length })
    expect(passing).toBeGreaterThan(0)
    expect(passing).toBeLessThan(report.tests.length)
  })
})

describe('--format junit', () => {
  it('has one testsuite per step and a failure element per failing test', () => {
    const xml = formatRun(starter, 'junit', root)
    expect(xml.match(/<testsuite /g)).toHaveLength(exercise.steps.length)
    const failing = starter.tests.filter((test) => test.status === 'fail').length
    expect(xml.match(/<failure /g)).toHaveLength(failing)
    expect(xml).not.toMatch(/[\u0000-\u0008]/)
  })

  it('reports a run that could not compile as an error', () => {
    expect(formatRun(broken, 'junit', root)).toMatch(/<error message="[^"]*">[^<]*PARSE_ERROR/)
  })
})

describe('--format markdown', () => {
  it('has a step table and explains the first failure', () => {
    const markdown = formatRun(starter, 'markdown', root)
    expect(markdown).toContain('| ❌ | 1 · Report health as JSON |')
    expect(markdown).toMatch(/<summary>First failure: /)
  })
})

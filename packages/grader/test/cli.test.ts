import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

const root = join(import.meta.dirname, '..', '..', '..')
const bin = join(import.meta.dirname, '..', 'bin', 'workbook.js')

/**
 * A scratch workbook inside the repository (so practice code still resolves express from the root
 * node_modules) holding exercise 01 only, with its own practice/ and .workbook/: the tests neither
 * touch a learner's files nor depend on other exercises.
 */
const scratch = mkdtempSync(join(root, 'packages', 'grader', '.scratch-'))
for (const folder of ['exercises', 'solutions']) {
  mkdirSync(join(scratch, folder))
  symlinkSync(join(root, folder, '01-http-basics'), join(scratch, folder, '01-http-basics'))
}
writeFileSync(join(scratch, 'turbo.json'), '{}')
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

/** Runs the CLI as a learner would, in `cwd`. */
function workbook(args: string[], cwd = scratch) {
  const result = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } })
  return { code: result.status, stdout: result.stdout, stderr: result.stderr }
}

describe('bad input exits 2 with a message that says what to do', () => {
  it('an unknown exercise', () => {
    const { code, stderr } = workbook(['test', 'nope'])
    expect(code).toBe(2)
    expect(stderr).toContain("unknown exercise 'nope'")
    expect(stderr).toContain('npx workbook list')
  })

  it('a misspelt exercise gets a did-you-mean', () => {
    const { code, stderr } = workbook(['test', 'htp-basics'])
    expect(code).toBe(2)
    expect(stderr).toContain("Did you mean '01-http-basics'?")
  })

  it('an unknown command, an unknown option and an unknown format', () => {
    expect(workbook(['frobnicate']).stderr).toContain("unknown command 'frobnicate'")
    expect(workbook(['test', '01', '--fast']).code).toBe(2)
    const format = workbook(['test', '01', '--starter', '--format', 'yaml'])
    expect(format.code).toBe(2)
    expect(format.stderr).toContain("unknown format 'yaml'")
  })

  it('testing an exercise that was not started says how to start it', () => {
    const { code, stderr } = workbook(['test', '01'])
    expect(code).toBe(2)
    expect(stderr).toContain('npx workbook start 01')
  })

  it('a broken exercise.json names the file and the field, without a stack trace', () => {
    const broken = mkdtempSync(join(root, 'packages', 'grader', '.scratch-'))
    mkdirSync(join(broken, 'exercises', '01-broken'), { recursive: true })
    writeFileSync(join(broken, 'turbo.json'), '{}')
    writeFileSync(join(broken, 'exercises', '01-broken', 'exercise.json'), JSON.stringify({ title: 'x', steps: [{ id: 'Bad Id' }] }))
    const { code, stderr } = workbook(['test', '01'], broken)
    const list = workbook(['list'], broken)
    rmSync(broken, { recursive: true, force: true })
    expect(list.stderr, 'list still works and warns').toContain('exercises/01-broken/exercise.json is invalid')
    expect(code).toBe(2)
    expect(stderr).toContain('exercises/01-broken/exercise.json is invalid')
    expect(stderr).toContain('steps[0].id: use lower-kebab-case')
    expect(stderr).not.toMatch(/\n\s+at /)
  })
})

describe('workbook test', () => {
  it('reports the starter per step and exits 1', () => {
    const { code, stdout } = workbook(['test', '01', '--starter'])
    expect(code).toBe(1)
    expect(stdout).toMatch(/✗ Step 1 {2}Report health as JSON/)
    expect(stdout).toContain('First failure:')
  })

  it('--format json is Exercism v3 with scores, and the solution passes with exit 0', () => {
    const { code, stdout } = workbook(['test', 'http-basics', '--solution', '--format', 'json'])
    expect(code).toBe(0)
    const report = JSON.parse(stdout)
    expect(report).toMatchObject({ version: 3, status: 'pass', message: null })
    expect(report.score).toBe(report.max_score)
    expect(report.tests[0]).toMatchObject({ status: 'pass', task_id: 1, score: 1, max_score: 1 })
    expect(report.tests[0].test_code).toMatch(/^it\('GET \/health/)
  })
})

describe('a learner session', () => {
  it('start copies the starter once and never overwrites the learner’s work', () => {
    expect(workbook(['start', '01']).code).toBe(0)
    const file = join(scratch, 'practice', '01-http-basics', 'src', 'app.ts')
    expect(readFileSync(file, 'utf8')).toContain('// TODO:')
    writeFileSync(file, '// my work\n')
    const again = workbook(['start', '01'])
    expect(again.stdout).toContain('left as they are')
    expect(readFileSync(file, 'utf8')).toBe('// my work\n')
    cpSync(join(root, 'solutions', '01-http-basics', 'src'), join(scratch, 'practice', '01-http-basics', 'src'), { recursive: true })
    expect(workbook(['test', '01']).code).toBe(0)
    expect(workbook(['list']).stdout).toMatch(/✓ 01 {2}HTTP basics\s+done/)
  })

  it('hint reveals one more level each time and remembers it', () => {
    const first = workbook(['hint', '01', '--step', '2'])
    expect(first.stdout).toContain('Hint 1/3')
    expect(first.stdout).not.toContain('Hint 2/3')
    const second = workbook(['hint', '01', '--step', '2'])
    expect(second.stdout).toContain('Hint 2/3')
    expect(workbook(['hint', '01', '--step', '9']).code).toBe(2)
  })

  it('a corrupt progress file is set aside with a warning, never a crash', () => {
    writeFileSync(join(scratch, '.workbook', 'progress.json'), '{ not json')
    const { code, stderr } = workbook(['list'])
    expect(code).toBe(0)
    expect(stderr).toContain('progress.json was unreadable')
    expect(existsSync(join(scratch, '.workbook', 'progress.json'))).toBe(false)
  })
})

describe('workbook grade', () => {
  const assignment = join(scratch, 'assignment.json')
  writeFileSync(assignment, JSON.stringify({ title: 'Week 1', exercises: [{ exercise: '01-http-basics', weight: 2 }], passThreshold: 0.9 }))

  /** A learner's checkout elsewhere on disk: a finished exercise 01, and a test file they "fixed". */
  function learnerRepo() {
    const repo = mkdtempSync(join(root, 'packages', 'grader', '.scratch-'))
    cpSync(join(root, 'exercises', '01-http-basics'), join(repo, 'exercises', '01-http-basics'), { recursive: true })
    cpSync(join(root, 'solutions', '01-http-basics', 'src'), join(repo, 'practice', '01-http-basics', 'src'), { recursive: true })
    writeFileSync(join(repo, 'exercises', '01-http-basics', 'test', 'app.test.ts'), 'export {}\n')
    return repo
  }

  it('grades a learner checkout with pristine tests, flags the tampered file and weighs the score', () => {
    const repo = learnerRepo()
    const { code, stdout } = workbook(['grade', '--assignment', assignment, '--repo', repo, '--format', 'json'])
    rmSync(repo, { recursive: true, force: true })
    expect(code).toBe(0)
    const report = JSON.parse(stdout)
    expect(report).toMatchObject({ assignment: 'Week 1', score: 2, max_score: 2, passed: true })
    expect(report.exercises[0].tampered).toEqual(['exercises/01-http-basics/test/app.test.ts'])
    expect(report.exercises[0].results.tests.length).toBeGreaterThan(1)
  })

  it('an invalid assignment file exits 2 naming the field', () => {
    const bad = join(scratch, 'bad-assignment.json')
    writeFileSync(bad, JSON.stringify({ title: 'Week 1', exercises: [{ exercise: '01-http-basics', weight: 0 }] }))
    const { code, stderr } = workbook(['grade', '--assignment', bad])
    expect(code).toBe(2)
    expect(stderr).toMatch(/bad-assignment\.json is invalid:\n\s+exercises\[0\]\.weight/)
  })
})

describe('workbook verify', () => {
  it('fails naming the exercise, step and target when a starter already passes or a lesson is missing', () => {
    const broken = mkdtempSync(join(root, 'packages', 'grader', '.scratch-'))
    writeFileSync(join(broken, 'turbo.json'), '{}')
    cpSync(join(root, 'exercises', '01-http-basics'), join(broken, 'exercises', '01-http-basics'), { recursive: true })
    cpSync(join(root, 'solutions', '01-http-basics'), join(broken, 'solutions', '01-http-basics'), { recursive: true })
    // A "starter" that is already the solution leaves the learner nothing to do.
    cpSync(join(root, 'solutions', '01-http-basics', 'src'), join(broken, 'exercises', '01-http-basics', 'src'), { recursive: true })
    const { code, stdout } = workbook(['verify'], broken)
    const json = JSON.parse(workbook(['verify', '--format', 'json'], broken).stdout)
    rmSync(broken, { recursive: true, force: true })
    expect(code).toBe(1)
    expect(stdout).toContain('01-http-basics starter: step "health" already passes')
    expect(stdout).toContain('01-http-basics: apps/site/src/content/docs/lessons/01-http-basics.mdx is missing')
    expect(json).toMatchObject({ ok: false, exercises: [{ slug: '01-http-basics', ok: false, solution: { status: 'pass' } }] })
  })
})

import { fork } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { findRoot, loadExercises } from '@workbook/curriculum'
import { describe, expect, it, vi } from 'vitest'
import { readProgress, recordResult, updateProgress } from '../src/progress.ts'
import type { RunResult } from '../src/result.ts'

describe('progress', () => {
  it('two processes updating at once lose nothing', async () => {
    const root = mkdtempSync(join(tmpdir(), 'progress-'))
    const writer = join(import.meta.dirname, 'fixtures', 'progress-writer.ts')
    const writers = ['a', 'b'].map(
      (name) => new Promise((resolve) => fork(writer, [root, name, '300']).on('exit', resolve)),
    )
    await Promise.all(writers)
    const progress = readProgress(root)
    expect(Object.keys(progress.exercises)).toHaveLength(600)
  })

  it('a corrupt file is set aside with a warning and rebuilt from the last test results', () => {
    const root = mkdtempSync(join(tmpdir(), 'progress-'))
    const exercise = loadExercises(findRoot(import.meta.dirname))[0]!
    const [first, second] = exercise.steps
    const test = (step: string, status: 'pass' | 'fail') => ({ name: `${step} > a rule`, step, status, file: 'test/app.test.ts', line: 1, durationMs: 1 })
    const result: RunResult = { exercise, target: 'practice', srcDir: 'practice', status: 'fail', tests: [test(first!.id, 'pass'), test(second!.id, 'fail')], durationMs: 1 }
    recordResult(root, result)
    writeFileSync(join(root, '.workbook', 'progress.json'), '{"version": 1, "exercises": {')
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})

    const rebuilt = readProgress(root).exercises[exercise.slug]
    expect(rebuilt?.status).toBe('fail')
    expect(rebuilt?.steps).toEqual({ [first!.id]: 'pass', [second!.id]: 'fail' })
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/moved to .*progress\.json\.corrupt-\d+ and rebuilt from the last test results/))
    warn.mockRestore()
  })

  it('a corrupt file with no results to rebuild from starts afresh', () => {
    const root = mkdtempSync(join(tmpdir(), 'progress-'))
    updateProgress(root, '01-http-basics', (entry) => {
      entry.hints.health = 2
    })
    writeFileSync(join(root, '.workbook', 'progress.json'), '{"version": 1, "exercises": {"x": {"hints": {"a": -1}}}}')
    expect(readProgress(root)).toEqual({ version: 1, exercises: {} })
    updateProgress(root, '01-http-basics', (entry) => {
      entry.status = 'pass'
    })
    expect(JSON.parse(readFileSync(join(root, '.workbook', 'progress.json'), 'utf8')).exercises['01-http-basics'].status).toBe('pass')
  })
})

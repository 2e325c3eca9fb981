import { fork } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { readProgress, updateProgress } from '../src/progress.ts'

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

  it('a corrupt file is set aside and progress starts afresh', () => {
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

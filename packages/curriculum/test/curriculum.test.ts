import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CurriculumError, jsonSchemas, loadAssignment, loadExercises } from '../src/index.ts'

const valid = {
  title: 'HTTP basics',
  summary: 'A health endpoint.',
  skills: ['service-building'],
  difficulty: 'beginner',
  prerequisites: [],
  minutes: 30,
  files: ['src/app.ts'],
  steps: [{ id: 'health', title: 'Report health', hints: ['Use res.json()'] }],
  standards: [{ name: 'RFC 9110', url: 'https://www.rfc-editor.org/rfc/rfc9110' }],
}

/** A throwaway workbook holding the given exercise.json files. */
function workbookWith(exercises: Record<string, unknown>): string {
  const root = mkdtempSync(join(tmpdir(), 'curriculum-'))
  for (const [slug, meta] of Object.entries(exercises)) {
    mkdirSync(join(root, 'exercises', slug), { recursive: true })
    writeFileSync(join(root, 'exercises', slug, 'exercise.json'), typeof meta === 'string' ? meta : JSON.stringify(meta))
  }
  return root
}

describe('loadExercises', () => {
  it('derives slug and number from the folder name, in sequence', () => {
    const exercises = loadExercises(workbookWith({ '02-b': { ...valid, prerequisites: ['01-a'] }, '01-a': valid }))
    expect(exercises.map(({ slug, number }) => ({ slug, number }))).toEqual([
      { slug: '01-a', number: 1 },
      { slug: '02-b', number: 2 },
    ])
  })

  it.each([
    [{ ...valid, skills: ['juggling'] }, 'skills[0]'],
    [{ ...valid, steps: [{ id: 'health', title: 'x', hints: [] }] }, 'steps[0].hints: give at least one hint'],
    [{ ...valid, steps: [valid.steps[0], valid.steps[0]] }, 'the id "health" is used twice'],
    [{ ...valid, files: ['app.ts'] }, 'files[0]: list files under src/ (e.g. "src/app.ts") or a worksheet'],
    [{ ...valid, surprise: true }, 'surprise'],
    [{ ...valid, prerequisites: ['09-missing'] }, 'no exercise is called "09-missing"'],
    ['{ "title": ', 'is not valid JSON'],
  ])('rejects %j naming the file and the field', (meta, fragment) => {
    const root = workbookWith({ '01-a': meta })
    expect(() => loadExercises(root)).toThrow(CurriculumError)
    expect(() => loadExercises(root)).toThrow(/exercises\/01-a\/exercise\.json/)
    expect(() => loadExercises(root)).toThrow(fragment)
  })

  it('rejects a folder name that is not NN-kebab-case', () => {
    expect(() => loadExercises(workbookWith({ 'http-basics': valid }))).toThrow(/NN-lower-kebab-case/)
  })
})

describe('loadAssignment', () => {
  const exercises = loadExercises(workbookWith({ '01-a': valid }))
  const file = (content: unknown) => {
    const path = join(mkdtempSync(join(tmpdir(), 'assignment-')), 'a.json')
    writeFileSync(path, JSON.stringify(content))
    return path
  }

  it('fills in weights and the pass threshold', () => {
    expect(loadAssignment(file({ title: 'Week 1', exercises: [{ exercise: '01-a' }] }), exercises)).toEqual({
      title: 'Week 1',
      exercises: [{ exercise: '01-a', weight: 1 }],
      passThreshold: 0.7,
    })
  })

  it.each([
    [{ title: 'x', exercises: [] }, 'exercises: Too small'],
    [{ title: 'x', exercises: [{ exercise: '01-a', weight: -1 }] }, 'exercises[0].weight'],
    [{ title: 'x', exercises: [{ exercise: '07-nope' }] }, 'exercises[0].exercise: no exercise is called "07-nope"'],
    [{ title: 'x', exercises: [{ exercise: '01-a' }], passThreshold: 70 }, 'passThreshold'],
    [{ title: 'x', exercises: [{ exercise: '01-a' }], due: 'next friday' }, 'due'],
  ])('rejects %j naming the field', (content, fragment) => {
    expect(() => loadAssignment(file(content), exercises, 'assignments/a.json')).toThrow(fragment)
  })
})

describe('generated JSON Schemas', () => {
  it.each(Object.entries(jsonSchemas()))('%s is up to date (regenerate: npm run schema -w @workbook/curriculum)', (name, schema) => {
    expect(readFileSync(new URL(`../${name}`, import.meta.url), 'utf8')).toBe(schema)
  })
})

import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { RunResult } from '../result.ts'

/** Exercism's test-runner output caps `output` at this many characters. */
const outputLimit = 500

/**
 * Exercism test-runner results, version 3 (https://exercism.org/docs/building/tooling/test-runners/interface),
 * plus `score`/`max_score` per test and overall, as GitHub Classroom's autograders report them.
 */
export function toExercism(result: RunResult, root: string) {
  const stepNumber = new Map(result.exercise.steps.map((step, index) => [step.id, index + 1]))
  const tests = result.tests.map((test) => ({
    name: test.name,
    status: test.status,
    message: test.message ?? null,
    output: test.output ? cut(test.output) : null,
    test_code: testCode(join(root, test.file), test.line),
    task_id: test.step ? (stepNumber.get(test.step) ?? null) : null,
    score: test.status === 'pass' ? 1 : 0,
    max_score: 1,
  }))
  return {
    version: 3,
    status: result.status,
    message: result.message ?? null,
    tests,
    score: tests.reduce((sum, test) => sum + test.score, 0),
    max_score: tests.length,
  }
}

function cut(output: string): string {
  return output.length <= outputLimit ? output : `${output.slice(0, outputLimit - 40)}\n[output cut at ${outputLimit} characters]`
}

/** The source of the `it(...)` call starting at `line`, found by balancing brackets. */
function testCode(file: string, line: number | undefined): string {
  if (!line) return ''
  const lines = readFileSync(file, 'utf8').split('\n').slice(line - 1)
  let depth = 0
  const taken: string[] = []
  for (const text of lines) {
    taken.push(text)
    for (const char of text) {
      if (char === '(' || char === '{' || char === '[') depth++
      else if (char === ')' || char === '}' || char === ']') depth--
    }
    if (depth <= 0) break
  }
  const indent = Math.min(...taken.filter((text) => text.trim()).map((text) => text.search(/\S/)))
  return taken.map((text) => text.slice(indent)).join('\n')
}

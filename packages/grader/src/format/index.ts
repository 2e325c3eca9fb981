import type { RunResult } from '../result.ts'
import { toExercism } from './json.ts'
import { pretty } from './pretty.ts'

export const formats = ['pretty', 'json'] as const
export type Format = (typeof formats)[number]

/** Renders one test run in the chosen format. */
export function formatRun(result: RunResult, format: Format, root: string): string {
  return format === 'json' ? `${JSON.stringify(toExercism(result, root), null, 2)}\n` : pretty(result)
}

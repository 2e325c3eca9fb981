import type { RunResult } from '../result.ts'
import { toExercism } from './json.ts'
import { toJunit } from './junit.ts'
import { toMarkdown } from './markdown.ts'
import { pretty } from './pretty.ts'

export const formats = ['pretty', 'json', 'junit', 'markdown'] as const
export type Format = (typeof formats)[number]

/** Renders one test run in the chosen format. */
export function formatRun(result: RunResult, format: Format, root: string): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(toExercism(result, root), null, 2)}\n`
    case 'junit':
      return toJunit([result])
    case 'markdown':
      return toMarkdown([result])
    case 'pretty':
      return pretty(result)
  }
}

import { relative, sep } from 'node:path'
import { stripVTControlCharacters } from 'node:util'
import type { ErrorInfo } from './protocol.ts'

/**
 * Makes a test error readable: the assertion or error message, then where it happened in the
 * learner's code or the test, with paths relative to the workbook. Frames inside node_modules and
 * Node itself are dropped; they never help a learner.
 */
export function explainError(error: ErrorInfo, root: string): string {
  const message = stripVTControlCharacters(error.message).split(root + sep).join('').trim()
  const frames = (error.stack ?? '')
    .split('\n')
    .map((line) => /\(?((?:\/|file:\/\/)[^():]+):(\d+):(\d+)\)?\s*$/.exec(line))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => ({ file: relative(root, match[1]!.replace(/^file:\/\//, '')), line: match[2], column: match[3] }))
    .filter((frame) => !frame.file.startsWith('..') && !frame.file.includes('node_modules'))
  const where = frames[0] ? `\n    at ${frames[0].file}:${frames[0].line}:${frames[0].column}` : ''
  const diff = error.diff ? `\n${error.diff}` : ''
  return `${message}${diff}${where}`
}

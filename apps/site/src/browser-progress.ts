/**
 * What the learner's browser remembers, in localStorage: quiz answers, quiz scores and lessons
 * marked done. Every key starts with "workbook:" and names the lesson (the exercise slug), so the
 * curriculum page can read what the lesson pages wrote. Storage can be unavailable (private modes,
 * disabled cookies): reads then return nothing and writes do nothing, and the pages still work.
 */

const prefix = 'workbook:'

function read(key: string): string | null {
  try {
    return localStorage.getItem(prefix + key)
  } catch {
    return null
  }
}

function write(key: string, value: string | null): void {
  try {
    if (value === null) localStorage.removeItem(prefix + key)
    else localStorage.setItem(prefix + key, value)
  } catch {
    // Nothing to do: the page keeps working, it just forgets on reload.
  }
}

/** The index of the choice the learner picked, as the radio's value. */
export const readQuizAnswer = (lesson: string, question: string) => read(`quiz:${lesson}:${question}`)
export const writeQuizAnswer = (lesson: string, question: string, value: string) => write(`quiz:${lesson}:${question}`, value)

export interface QuizScore {
  correct: number
  total: number
}

export function readQuizScore(lesson: string): QuizScore | undefined {
  const [correct, total] = (read(`quiz-score:${lesson}`) ?? '').split('/').map(Number)
  return Number.isInteger(correct) && Number.isInteger(total) && total! > 0 ? { correct: correct!, total: total! } : undefined
}
export const writeQuizScore = (lesson: string, score: QuizScore) => write(`quiz-score:${lesson}`, `${score.correct}/${score.total}`)

/** When the learner marked the lesson done (ISO 8601), or null. */
export const readDone = (lesson: string) => read(`done:${lesson}`)
export const writeDone = (lesson: string, done: boolean) => write(`done:${lesson}`, done ? new Date().toISOString() : null)

/** Ticked items of a checklist, such as the portfolio checklist of the career page. */
export const readChecked = (list: string, item: string) => read(`check:${list}:${item}`) !== null
export const writeChecked = (list: string, item: string, checked: boolean) => write(`check:${list}:${item}`, checked ? '1' : null)

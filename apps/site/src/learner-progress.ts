import { readDone, readQuizScore, type QuizScore } from './browser-progress.ts'

/**
 * How far the learner has got, for the curriculum map. An exercise counts as finished when the
 * grader saw its tests pass (only known in local mode, where the dev server exposes
 * .workbook/progress.json) or when the learner ticked it off at the end of its lesson (this browser).
 */
export interface LearnerProgress {
  /** The dev server's local API answered, so `tests` is the grader's view. */
  local: boolean
  finished: Map<string, 'tests' | 'marked'>
  quiz: Map<string, QuizScore>
}

export async function learnerProgress(slugs: string[]): Promise<LearnerProgress> {
  // A static host has no local API: probing it there would only log 404s, so only the dev server asks.
  const passing = import.meta.env.DEV ? await passingInLocalMode(slugs) : undefined
  const finished = new Map<string, 'tests' | 'marked'>()
  const quiz = new Map<string, QuizScore>()
  for (const slug of slugs) {
    if (passing?.has(slug)) finished.set(slug, 'tests')
    else if (readDone(slug) !== null) finished.set(slug, 'marked')
    const score = readQuizScore(slug)
    if (score) quiz.set(slug, score)
  }
  return { local: passing !== undefined, finished, quiz }
}

type Status = 'pass' | 'fail' | 'error' | null | undefined

/**
 * Exercises whose last run passed, from `GET /__workbook/status` when the local API has it, else
 * from `GET /__workbook/exercises/{slug}` for each; undefined when there is no local API.
 */
async function passingInLocalMode(slugs: string[]): Promise<Set<string> | undefined> {
  const getJson = async (path: string): Promise<unknown> => {
    const response = await fetch(path, { headers: { accept: 'application/json' } })
    if (!response.ok) throw new Error(`${path}: ${response.status}`)
    return response.json()
  }
  try {
    return statusesToSet(await getJson('/__workbook/status'))
  } catch {
    // Older or narrower local APIs answer per exercise only.
  }
  try {
    const states = await Promise.all(slugs.map((slug) => getJson(`/__workbook/exercises/${encodeURIComponent(slug)}`)))
    return statusesToSet(states)
  } catch {
    return undefined
  }
}

/** Accepts a list of exercise states (`{ exercise, status }`) or progress.json's `{ exercises: { [slug]: { status } } }`. */
function statusesToSet(body: unknown): Set<string> {
  const passing = new Set<string>()
  const list: unknown = Array.isArray(body) ? body : (body as { exercises?: unknown })?.exercises
  if (Array.isArray(list)) {
    for (const entry of list as { exercise?: string; slug?: string; status?: Status }[]) {
      const slug = entry.exercise ?? entry.slug
      if (slug && entry.status === 'pass') passing.add(slug)
    }
  } else if (list && typeof list === 'object') {
    for (const [slug, entry] of Object.entries(list as Record<string, { status?: Status }>)) {
      if (entry?.status === 'pass') passing.add(slug)
    }
  } else {
    throw new Error('not an exercise status list')
  }
  return passing
}

import { learnerProgress } from './learner-progress.ts'

/**
 * Fills in the learner's progress wherever the curriculum page's components left a placeholder.
 * The server-rendered page already shows 0 of everything, at the same size, so nothing moves.
 */
const summary = document.querySelector<HTMLElement>('[data-progress-summary]')
const slugs = (summary?.dataset.exercises ?? '').split(' ').filter(Boolean)

if (slugs.length > 0) void render()

async function render() {
  const progress = await learnerProgress(slugs)
  const done = (list: string[]) => list.filter((slug) => progress.finished.has(slug)).length
  const percent = (part: number, whole: number) => (whole === 0 ? 0 : Math.round((part / whole) * 100))

  if (summary) {
    const finished = done(slugs)
    summary.querySelector('[data-progress-count]')!.textContent = String(finished)
    summary.querySelector('.wb-ring-fill')?.setAttribute('stroke-dasharray', `${percent(finished, slugs.length)} 100`)
    summary.querySelector('[data-progress-percent]')!.textContent = `${percent(finished, slugs.length)}%`
    const next = slugs.find((slug) => !progress.finished.has(slug)) ?? 'all'
    for (const item of summary.querySelectorAll<HTMLElement>('[data-next-up]')) item.hidden = item.dataset.nextUp !== next
    const source = summary.querySelector<HTMLElement>('[data-progress-source]')
    if (source && progress.local) source.textContent = source.dataset.local ?? ''
  }

  for (const row of document.querySelectorAll<HTMLElement>('[data-skill-exercises]')) {
    const list = row.dataset.skillExercises!.split(' ')
    const finished = done(list)
    row.querySelector('.wb-bar-fill')?.setAttribute('width', String(percent(finished, list.length)))
    row.querySelector('[data-skill-count]')!.textContent = String(finished)
    row.classList.toggle('is-complete', finished === list.length)
  }

  for (const status of document.querySelectorAll<HTMLElement>('[data-exercise-status]')) {
    const slug = status.dataset.exerciseStatus!
    const how = progress.finished.get(slug)
    const quiz = progress.quiz.get(slug)
    const parts = [how === 'tests' ? '✓ tests pass' : how === 'marked' ? '✓ done' : '', quiz ? `quiz ${quiz.correct}/${quiz.total}` : '']
    status.textContent = parts.filter(Boolean).join(' · ')
    status.hidden = status.textContent === ''
    status.classList.toggle('is-done', how !== undefined)
  }
}

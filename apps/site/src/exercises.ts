import { getCollection, getEntry } from 'astro:content'
import { skills, type Exercise, type SkillId } from '@workbook/curriculum'

export type { Exercise }

/** Every exercise, ordered by number: the order of the curriculum, the sidebar and "next lesson". */
export async function allExercises(): Promise<Exercise[]> {
  const entries = await getCollection('exercises')
  return entries.map((entry) => entry.data as Exercise).sort((a, b) => a.number - b.number)
}

/** One exercise by slug; an unknown slug is a broken lesson, so it stops the build. */
export async function exerciseBySlug(slug: string, usedIn = 'a page'): Promise<Exercise> {
  const entry = await getEntry('exercises', slug)
  if (!entry) {
    const known = (await allExercises()).map((exercise) => exercise.slug).join(', ')
    throw new Error(`${usedIn} names the exercise "${slug}", but exercises/${slug}/exercise.json does not exist. Known exercises: ${known}`)
  }
  return entry.data as Exercise
}

/**
 * The exercise of the lesson being rendered: the `exercise` frontmatter of the current Starlight
 * page, or an explicit slug for pages that are not lessons.
 */
export async function pageExercise(locals: App.Locals, explicit?: string): Promise<Exercise> {
  const entry = locals.starlightRoute.entry
  const slug = explicit ?? entry.data.exercise?.id
  if (!slug) {
    throw new Error(`${entry.filePath}: this component needs a lesson; add \`exercise: <slug>\` to the frontmatter or pass exercise="<slug>"`)
  }
  return exerciseBySlug(slug, entry.filePath)
}

/** Lesson URL by exercise slug, for the exercises that have a lesson page yet. */
export async function lessonHrefs(): Promise<Map<string, string>> {
  const docs = await getCollection('docs', (entry) => entry.data.exercise !== undefined)
  return new Map(docs.map((entry) => [entry.data.exercise!.id, href(`${entry.id}/`)]))
}

/** A site path under Astro's `base`, so the site can be hosted in a subfolder. */
export function href(path: string): string {
  return `${import.meta.env.BASE_URL.replace(/\/$/, '')}/${path.replace(/^\//, '')}`
}

/** "01", as the CLI and folder names write exercise numbers. */
export function twoDigits(exercise: Exercise): string {
  return String(exercise.number).padStart(2, '0')
}

/** "04 · Problem details": how lists, links and headings name an exercise. */
export const exerciseName = (exercise: Exercise) => `${twoDigits(exercise)} · ${exercise.title}`

export function skillLabel(id: SkillId): string {
  return skills.find((skill) => skill.id === id)?.label ?? id
}

export const difficultyLabel: Record<Exercise['difficulty'], string> = {
  beginner: 'Beginner',
  intermediate: 'Intermediate',
  advanced: 'Advanced',
}

/** The id of a step's heading, for links and the table of contents. */
export function stepAnchor(id: string): string {
  return `step-${id}`
}

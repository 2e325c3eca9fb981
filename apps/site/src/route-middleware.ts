import { defineRouteMiddleware, type StarlightRouteData } from '@astrojs/starlight/route-data'
import { allExercises, exerciseBySlug, stepAnchor, twoDigits, type Exercise } from './exercises.ts'

/**
 * Runs for every Starlight page at build time. Lesson pages are checked against their exercise's
 * metadata (Astro only logs dangling references, so this is what makes one fail the build), and
 * the navigation shows lessons by number and exercise title, both derived from exercise.json.
 */
export const onRequest = defineRouteMiddleware(async (context) => {
  const route = context.locals.starlightRoute
  const exercises = new Map((await allExercises()).map((exercise) => [exercise.slug, exercise]))
  labelLessonLinks(route, exercises)

  const slug = route.entry.data.exercise?.id
  if (!slug) return
  const exercise = await exerciseBySlug(slug, route.entry.filePath)
  checkSteps(route, exercise)
  addStepsToToc(route, exercise)
})

const lessonPath = /\/lessons\/(\d{2}-[a-z0-9-]+)\/?$/

type Link = { href: string; label: string }
type Entry = StarlightRouteData['sidebar'][number]

/** "01 · HTTP basics" in the sidebar and the prev/next links, whatever the lesson's own headline. */
function labelLessonLinks(route: StarlightRouteData, exercises: Map<string, Exercise>) {
  const relabel = (link: Link) => {
    const exercise = exercises.get(lessonPath.exec(link.href)?.[1] ?? '')
    if (exercise) link.label = `${twoDigits(exercise)} · ${exercise.title}`
  }
  const walk = (entries: Entry[]) => {
    for (const entry of entries) {
      if (entry.type === 'link') relabel(entry)
      else walk(entry.entries)
    }
  }
  walk(route.sidebar)
  if (route.pagination.prev) relabel(route.pagination.prev)
  if (route.pagination.next) relabel(route.pagination.next)
}

const stepTag = /<Step\s+id="([^"]*)"/g

/** A lesson teaches every step of its exercise, once each, in the order the tests grade them. */
function checkSteps(route: StarlightRouteData, exercise: Exercise) {
  const found = [...(route.entry.body ?? '').matchAll(stepTag)].map((match) => match[1])
  const expected = exercise.steps.map((step) => step.id)
  if (found.join() !== expected.join()) {
    throw new Error(
      `${route.entry.filePath}: the <Step> ids must follow exercises/${exercise.slug}/exercise.json.\n` +
        `  expected: ${expected.join(', ')}\n  found:    ${found.join(', ') || '(no <Step id="…"> at all)'}`,
    )
  }
}

/**
 * Step headings come from a component, so Markdown's heading list misses them; they go under the
 * heading that introduces the first step, which keeps the table of contents a map of the lesson.
 */
function addStepsToToc(route: StarlightRouteData, exercise: Exercise) {
  if (!route.toc) return
  const body = route.entry.body ?? ''
  const before = body.slice(0, body.search(stepTag))
  const parentText = [...before.matchAll(/^##\s+(.+)$/gm)].at(-1)?.[1]?.trim()
  const parent = route.toc.items.flatMap((item) => [item, ...item.children]).find((item) => item.text === parentText)
  if (!parent) return
  parent.children.push(
    ...exercise.steps.map((step, index) => ({
      depth: parent.depth + 1,
      slug: stepAnchor(step.id),
      text: `Step ${index + 1} · ${step.title}`,
      children: [],
    })),
  )
}

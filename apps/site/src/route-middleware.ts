import { defineRouteMiddleware, type StarlightRouteData } from '@astrojs/starlight/route-data'
import { allAssignments, assignmentHref } from './assignments.ts'
import { allExercises, exerciseBySlug, stepAnchor, twoDigits, type Exercise } from './exercises.ts'

/**
 * Runs for every Starlight page at build time. Lesson pages are checked against their exercise's
 * metadata (Astro only logs dangling references, so this is what makes one fail the build), and
 * the navigation shows lessons by number and exercise title, both derived from exercise.json.
 */
export const onRequest = defineRouteMiddleware(async (context) => {
  const route = context.locals.starlightRoute
  const exercises = new Map((await allExercises()).map((exercise) => [exercise.slug, exercise]))
  await addAssignmentLinks(route, context.url.pathname)
  labelLessonLinks(route, exercises)

  const slug = route.entry.data.exercise?.id
  if (!slug) return
  const exercise = await exerciseBySlug(slug, route.entry.filePath)
  checkSteps(route, exercise)
  checkQuestionIds(route)
  addStepsToToc(route, exercise)
})

/**
 * The sidebar's "Mentors" group (see astro.config.mjs) gets one link per assignments/*.json, so a new
 * assignment file shows up without touching the config. Starlight chose prev/next before these
 * links existed, so they are chosen again, as Starlight does, from the finished sidebar.
 */
async function addAssignmentLinks(route: StarlightRouteData, pathname: string) {
  const mentors = route.sidebar.find((entry) => entry.type === 'group' && entry.label === 'Mentors')
  const assignments = await allAssignments()
  if (mentors?.type !== 'group' || assignments.length === 0) return
  const samePath = (a: string, b: string) => a.replace(/\/?$/, '/') === b.replace(/\/?$/, '/')
  mentors.entries.push({
    type: 'group',
    label: 'Assignments',
    collapsed: false,
    badge: undefined,
    entries: assignments.map((page) => ({
      type: 'link' as const,
      label: page.assignment.title,
      href: assignmentHref(page.id),
      isCurrent: samePath(assignmentHref(page.id), pathname),
      badge: undefined,
      attrs: {},
    })),
  })
  if (route.entry.data.prev !== undefined || route.entry.data.next !== undefined) return
  const links: Link[] = []
  const flatten = (entries: Entry[]) => entries.forEach((entry) => (entry.type === 'link' ? links.push(entry) : flatten(entry.entries)))
  flatten(route.sidebar)
  const current = links.findIndex((link) => (link as { isCurrent?: boolean }).isCurrent)
  if (current < 0) return
  route.pagination = { prev: links[current - 1] as never, next: links[current + 1] as never }
}

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

/** Quiz answers are remembered by question id, so two questions of a lesson may not share one. */
function checkQuestionIds(route: StarlightRouteData) {
  const ids = [...(route.entry.body ?? '').matchAll(/<Question\s+id="([^"]*)"/g)].map((match) => match[1])
  const repeated = ids.find((id, index) => ids.indexOf(id) !== index)
  if (repeated) throw new Error(`${route.entry.filePath}: two <Question>s have the id "${repeated}"; answers are remembered by id, so give each its own`)
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

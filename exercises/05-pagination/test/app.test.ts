import { randomUUID } from 'node:crypto'
import { expectProblem, parseLinkHeader } from '@workbook/testkit'
import request, { type Response } from 'supertest'
import { describe, expect, it } from 'vitest'
import { createApp } from '#src/app.ts'
import type { Task } from '#src/task.ts'

type App = ReturnType<typeof createApp>

/**
 * `count` tasks one minute apart, oldest first, with random ids (so id order says nothing about
 * age); every third one is done. `sameInstant` gives them all one createdAt, like a bulk import.
 */
function seed(count: number, { sameInstant = false } = {}): Task[] {
  const start = Date.parse('2020-01-01T00:00:00Z')
  return Array.from({ length: count }, (_, index) => ({
    id: randomUUID(),
    title: `Task ${index}`,
    done: index % 3 === 0,
    createdAt: new Date(sameInstant ? start : start + index * 60_000).toISOString(),
  }))
}

function appWith(tasks: Task[]): App {
  return createApp({ tasks: new Map(tasks.map((task) => [task.id, task])) })
}

function newestFirst(tasks: Task[]): Task[] {
  return [...tasks].sort((a, b) => b.createdAt.localeCompare(a.createdAt))
}

const ids = (tasks: { id: string }[]) => tasks.map((task) => task.id)

/**
 * The target of the response's `Link: <...>; rel="next"`, parsed as RFC 8288 §3 defines and
 * resolved against the URL that was requested, as a client does (RFC 3986 §5). Undefined when the
 * response has no next link.
 */
function nextLink(response: Response, requested: string): string | undefined {
  const next = parseLinkHeader(response.headers.link).find((link) => link.rel.includes('next'))
  if (!next) return undefined
  const url = new URL(next.target, new URL(requested, 'http://api.workbook.test'))
  return `${url.pathname}${url.search}`
}

/** The next link of a page that must have one. */
function requireNext(response: Response, requested: string): string {
  const next = nextLink(response, requested)
  expect(next, `GET ${requested} links to a next page with rel="next"`).toBeDefined()
  return next!
}

/** Follows rel="next" links verbatim from `path` until there is none; returns every page. */
async function walk(app: App, path: string) {
  const pages: { path: string; items: Task[]; response: Response }[] = []
  for (let current: string | undefined = path; current !== undefined; current = nextLink(pages.at(-1)!.response, pages.at(-1)!.path)) {
    expect(pages.length, 'pages followed; a next link that never ends loops forever').toBeLessThan(30)
    const response = await request(app).get(current)
    expect(response.status, `GET ${current}`).toBe(200)
    pages.push({ path: current, items: response.body.items, response })
  }
  return pages
}

/** The `parameter` names of a problem's errors. */
function parametersOf(response: Response): string[] {
  const problem = expectProblem(response, 400)
  expect(problem.errors, 'the errors extension member (RFC 9457 §3.2)').toBeInstanceOf(Array)
  const errors = problem.errors as unknown[]
  for (const error of errors) expect(error).toMatchObject({ detail: expect.stringMatching(/\S/), parameter: expect.any(String) })
  return errors.map((error) => (error as { parameter: string }).parameter)
}

describe('first-page-and-limit', () => {
  it('GET /tasks without a limit returns the first 20 tasks', async () => {
    const response = await request(appWith(seed(25))).get('/tasks')
    expect(response.status).toBe(200)
    expect(response.body.items).toHaveLength(20)
  })

  it('tasks come newest first (createdAt descending), each as the full task', async () => {
    const tasks = seed(25)
    const response = await request(appWith(tasks)).get('/tasks')
    expect(response.body.items).toEqual(newestFirst(tasks).slice(0, 20))
  })

  it('?limit=5 returns the 5 newest tasks', async () => {
    const tasks = seed(25)
    const response = await request(appWith(tasks)).get('/tasks?limit=5')
    expect(ids(response.body.items)).toEqual(ids(newestFirst(tasks).slice(0, 5)))
  })

  it('?limit=1000 is clamped to the maximum of 100 tasks, not refused (Google AIP-158)', async () => {
    const response = await request(appWith(seed(120))).get('/tasks?limit=1000')
    expect(response.status).toBe(200)
    expect(response.body.items).toHaveLength(100)
  })

  it.each(['0', '-1', 'ten', '2.5'])('?limit=%s responds 400 as a problem naming "limit" (RFC 9457)', async (limit) => {
    const response = await request(appWith(seed(3))).get('/tasks').query({ limit })
    expect(parametersOf(response)).toContain('limit')
  })

  it('limit given twice responds 400 naming "limit": which one would the client mean?', async () => {
    const response = await request(appWith(seed(3))).get('/tasks?limit=1&limit=2')
    expect(parametersOf(response)).toContain('limit')
  })
})

describe('follow-next', () => {
  it('a page with more tasks after it has a Link header with rel="next" (RFC 8288 §3, §3.3)', async () => {
    const response = await request(appWith(seed(25))).get('/tasks')
    requireNext(response, '/tasks')
  })

  it('following the next links as they are visits every task exactly once, newest first', async () => {
    const tasks = seed(47)
    const pages = await walk(appWith(tasks), '/tasks?limit=10')
    expect(pages.flatMap((page) => ids(page.items))).toEqual(ids(newestFirst(tasks)))
  })

  it('the next link keeps the limit: every page but the last holds as many tasks as asked', async () => {
    const pages = await walk(appWith(seed(47)), '/tasks?limit=10')
    expect(pages.map((page) => page.items.length)).toEqual([10, 10, 10, 10, 7])
  })

  it('the last page has no next link, even when it is exactly full', async () => {
    const pages = await walk(appWith(seed(20)), '/tasks?limit=10')
    expect(pages.map((page) => page.items.length)).toEqual([10, 10])
    expect(nextLink((await request(appWith(seed(20))).get('/tasks')), '/tasks'), '20 tasks, default limit 20').toBeUndefined()
  })

  it('an empty list is one page with no next link', async () => {
    const response = await request(appWith([])).get('/tasks')
    expect(response.body).toEqual({ items: [] })
    expect(nextLink(response, '/tasks')).toBeUndefined()
  })

  it('a task created between two page requests neither repeats nor hides a task (Zalando guideline 160)', async () => {
    const tasks = seed(12)
    const app = appWith(tasks)
    const first = await request(app).get('/tasks?limit=5')
    // The newest task now sits in front of everything the client has already seen.
    expect((await request(app).post('/tasks').send({ title: 'Arrived mid-listing' })).status).toBe(201)
    const rest = await walk(app, requireNext(first, '/tasks?limit=5'))
    const seen = [...ids(first.body.items), ...rest.flatMap((page) => ids(page.items))]
    expect(seen).toEqual(ids(newestFirst(tasks)))
  })

  it('deleting tasks between page requests, even the one the cursor follows, skips nothing that remains', async () => {
    const tasks = newestFirst(seed(12))
    const app = appWith(tasks)
    const first = await request(app).get('/tasks?limit=5')
    const [newest, , , , lastSeen] = first.body.items as Task[]
    for (const task of [newest!, lastSeen!]) expect((await request(app).delete(`/tasks/${task.id}`)).status).toBe(204)
    const rest = await walk(app, requireNext(first, '/tasks?limit=5'))
    expect(rest.flatMap((page) => ids(page.items))).toEqual(ids(tasks.slice(5)))
  })

  it('tasks created at the same instant are each listed exactly once: the order needs a tie-breaker', async () => {
    const tasks = seed(30, { sameInstant: true })
    const pages = await walk(appWith(tasks), '/tasks?limit=7')
    const seen = pages.flatMap((page) => ids(page.items))
    expect(seen).toHaveLength(30)
    expect(new Set(seen)).toEqual(new Set(ids(tasks)))
  })
})

describe('cursor-errors', () => {
  it.each([
    ['text that is not base64url', 'not a cursor!'],
    ['base64url of something else', Buffer.from('hello').toString('base64url')],
    ['base64url of JSON the server never issued', Buffer.from('{"page":2}').toString('base64url')],
    ['empty', ''],
  ])('a cursor that is %s responds 400 as a problem naming "cursor" (RFC 9457)', async (_, cursor) => {
    const response = await request(appWith(seed(25))).get('/tasks').query({ cursor })
    expect(parametersOf(response)).toContain('cursor')
  })

  it('a tampered cursor, cut in half, responds 400 rather than some other page', async () => {
    const app = appWith(seed(25))
    const next = new URL(requireNext(await request(app).get('/tasks'), '/tasks'), 'http://api.workbook.test')
    const cursor = next.searchParams.get('cursor')
    expect(cursor, 'the next link carries a cursor parameter').toEqual(expect.any(String))
    const response = await request(app).get('/tasks').query({ cursor: cursor!.slice(0, Math.floor(cursor!.length / 2)) })
    expect(parametersOf(response)).toContain('cursor')
  })

  it('a cursor given twice responds 400 naming "cursor"', async () => {
    const app = appWith(seed(25))
    const next = new URL(requireNext(await request(app).get('/tasks'), '/tasks'), 'http://api.workbook.test')
    const cursor = next.searchParams.get('cursor')!
    const response = await request(app).get('/tasks').query(`cursor=${cursor}&cursor=${cursor}`)
    expect(parametersOf(response)).toContain('cursor')
  })
})

describe('filters', () => {
  it('?done=true lists only the done tasks, newest first', async () => {
    const tasks = seed(30)
    const response = await request(appWith(tasks)).get('/tasks?done=true')
    expect(ids(response.body.items)).toEqual(ids(newestFirst(tasks.filter((task) => task.done))))
  })

  it('?done=false lists only the open tasks, newest first', async () => {
    const tasks = seed(30)
    const response = await request(appWith(tasks)).get('/tasks?done=false&limit=100')
    expect(ids(response.body.items)).toEqual(ids(newestFirst(tasks.filter((task) => !task.done))))
  })

  it('following next links from ?done=true&limit=4 stays filtered and lists every done task once', async () => {
    const tasks = seed(30)
    const pages = await walk(appWith(tasks), '/tasks?done=true&limit=4')
    expect(pages.map((page) => page.items.length)).toEqual([4, 4, 2])
    expect(pages.flatMap((page) => ids(page.items))).toEqual(ids(newestFirst(tasks.filter((task) => task.done))))
  })

  it.each(['yes', '1'])('?done=%s responds 400 as a problem naming "done"', async (done) => {
    const response = await request(appWith(seed(3))).get('/tasks').query({ done })
    expect(parametersOf(response)).toContain('done')
  })

  it('an unknown query parameter responds 400 naming it, instead of being ignored (Zalando guideline 109)', async () => {
    const response = await request(appWith(seed(3))).get('/tasks?colour=red')
    expect(parametersOf(response)).toContain('colour')
  })

  it('a misspelt filter responds 400 naming it, instead of listing every task as if it had worked', async () => {
    const response = await request(appWith(seed(3))).get('/tasks?don=true')
    expect(parametersOf(response)).toContain('don')
  })

  it('a task field that is not on the allowlist of filters responds 400 naming it', async () => {
    const response = await request(appWith(seed(3))).get('/tasks?title=Task%201')
    expect(parametersOf(response)).toContain('title')
  })

  it('every unknown parameter is named, not only the first', async () => {
    const response = await request(appWith(seed(3))).get('/tasks?sort=title&colour=red')
    expect(parametersOf(response)).toEqual(expect.arrayContaining(['sort', 'colour']))
  })
})

import { cpSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import AxeBuilder from '@axe-core/playwright'
import { expect, test, type Page } from '@playwright/test'
import { makeScratchWorkbook } from '../src/local-mode/scratch.ts'
import { liveWorkbook } from './live-workbook.ts'
import { exercises, lessonPath } from './metadata.ts'

/**
 * Local mode as a learner uses it: `astro dev` (the `live` project's server) with the local API on
 * a scratch workbook. The tests share that workbook's state, so they run in order.
 */
const first = exercises[0]!
const practiceFile = join(liveWorkbook, 'practice', first.slug, first.files[0]!)
const shots = fileURLToPath(new URL('../test-results/screenshots/', import.meta.url))
const progress = () => JSON.parse(readFileSync(join(liveWorkbook, '.workbook', 'progress.json'), 'utf8')).exercises[first.slug]

test.describe.configure({ mode: 'serial' })
// Each run of the grader starts vitest in a child process: seconds on a loaded machine.
test.setTimeout(120_000)
test.beforeAll(() => makeScratchWorkbook(liveWorkbook, first.slug))
test.afterAll(() => rmSync(liveWorkbook, { recursive: true, force: true }))

/** The lesson, once the page script has heard from the local API. */
async function openLesson(page: Page) {
  await page.goto(lessonPath(first))
  await expect(page.locator('[data-wb-live] [data-wb-action]')).not.toHaveText('Checking…', { timeout: 30_000 })
  return page.locator('[data-wb-live]')
}

test('the page shows the learner’s state without moving anything', async ({ page }) => {
  await page.addInitScript(() => {
    const shifts: number[] = []
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as (PerformanceEntry & { value: number })[]) shifts.push(entry.value)
    }).observe({ type: 'layout-shift', buffered: true })
    Object.assign(window, { shifts })
  })
  const panel = await openLesson(page)
  await expect(panel.getByRole('button', { name: 'Start exercise' })).toBeVisible()
  await expect(panel.locator('[data-wb-step]')).toHaveText(first.steps.map((step) => new RegExp(`${escape(step.title)}\\s*Not started`)))
  await expect(page.locator('[data-wb-check] [data-wb-action]')).toHaveText(first.steps.map(() => 'Start exercise'))
  // Layout shifts are reported after the frame that made them.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))))
  const shifts = await page.evaluate(() => (window as unknown as { shifts: number[] }).shifts)
  expect(shifts.reduce((sum, value) => sum + value, 0)).toBeLessThan(0.01)
  // It is the learner's workbook, not an Astro project they develop.
  await expect(page.locator('astro-dev-toolbar')).toHaveCount(0)
})

test('Start exercise copies the starter and says where the files are', async ({ page }) => {
  const panel = await openLesson(page)
  await panel.getByRole('button', { name: 'Start exercise' }).click()
  await expect(panel.locator('[data-wb-where]')).toHaveText(`Your copy: practice/${first.slug}/${first.files[0]}`)
  await expect(page.locator('[data-wb-announce]')).toHaveText(`Started. Your copy is in practice/${first.slug}.`)
  expect(readFileSync(practiceFile, 'utf8')).toContain('// TODO:')
  await expect(panel.getByRole('button', { name: 'Run tests' })).toBeVisible()
})

test('Run tests streams the starter’s results per step, then explains the first failure', async ({ page }) => {
  const panel = await openLesson(page)
  const rows = panel.locator('[data-wb-step]')
  await page.locator('[data-wb-check]').first().getByRole('button', { name: 'Run tests' }).click()
  await expect(panel.locator('[data-wb-action]')).toHaveText('Running tests…')
  await expect(rows.first().locator('[data-wb-mark]')).toHaveAttribute('data-state', 'running')
  await expect(rows.first().locator('[data-wb-tests] li').first()).toBeVisible({ timeout: 60_000 })

  await expect(rows.first()).toContainText(/Fails · \d+\/\d+ tests/, { timeout: 60_000 })
  await expect(rows.first().locator('[data-wb-mark]')).toHaveAttribute('data-state', 'fail')
  const failure = panel.locator('[data-wb-failure]')
  await expect(failure).toBeVisible()
  await expect(failure.locator('[data-wb-failure-name]')).not.toBeEmpty()
  await expect(failure.locator('[data-wb-failure-message]')).not.toBeEmpty()
  // The step's own bar shows its result and why it fails, where the learner is reading.
  const check = page.locator(`[data-wb-check="${first.steps[0]!.id}"]`)
  await expect(check).toContainText(/Fails · \d+\/\d+ tests/)
  await expect(check.locator('[data-wb-failure]')).toBeVisible()
  await expect(page.locator('[data-wb-announce]')).toContainText('First failure:')
  expect(progress().steps[first.steps[0]!.id]).toBe('fail')
  await expectAccessible(page)
  await screenshots(page, 'local-mode-failing')
})

test('once the code is right, every step passes, and a reload still shows it', async ({ page }) => {
  cpSync(join(liveWorkbook, 'solutions', first.slug, 'src'), join(liveWorkbook, 'practice', first.slug, 'src'), { recursive: true })
  const panel = await openLesson(page)
  const rows = panel.locator('[data-wb-step]')
  await panel.getByRole('button', { name: 'Run tests' }).click()
  await expect(panel.locator('[data-wb-done]')).toBeVisible({ timeout: 60_000 })
  for (const index of first.steps.keys()) {
    await expect(rows.nth(index)).toContainText(/Passes · (\d+)\/\1 tests/)
  }
  await expect(panel.locator('[data-wb-failure]')).toBeHidden()
  await expect(page.locator('[data-wb-announce]')).toHaveText(`Every step passes: ${first.steps.length} of ${first.steps.length}.`)
  await screenshots(page, 'local-mode-passing')

  await page.reload()
  await expect(rows.first()).toContainText('Passed the last run')
  expect(progress()).toMatchObject({ status: 'pass', passedAt: expect.any(String) })
})

test('opening a hint level records it in the learner’s progress', async ({ page }) => {
  await openLesson(page)
  const step = page.locator('.wb-step').nth(1)
  const id = first.steps[1]!.id
  await step.getByText('Stuck? Hint 1').click()
  await expect.poll(() => progress().hints[id]).toBe(1)
  await step.getByText('Still stuck? Hint 2').click()
  await expect.poll(() => progress().hints[id]).toBe(2)
})

test('the dev server refuses changes from other sites', async ({ request, baseURL }) => {
  const answer = await request.post(`/__workbook/exercises/${first.slug}/runs`, { headers: { Origin: 'https://evil.example' } })
  expect(answer.status()).toBe(403)
  expect(answer.headers()['content-type']).toBe('application/problem+json')
  const same = await request.get(`/__workbook/exercises/${first.slug}`, { headers: { Origin: baseURL! } })
  expect(same.status()).toBe(200)
})

/** axe on local mode's own elements, in both themes (the rest of the page is a11y.spec.ts's). */
async function expectAccessible(page: Page) {
  for (const theme of ['light', 'dark']) {
    await page.evaluate((theme) => document.documentElement.setAttribute('data-theme', theme), theme)
    const results = await new AxeBuilder({ page }).include('[data-wb-live]').include('[data-wb-check]').analyze()
    const summary = results.violations.map((violation) => `${theme} ${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`)
    expect(summary).toEqual([])
  }
}

/** Desktop and phone, light and dark, for a person to look at. */
async function screenshots(page: Page, name: string) {
  // The sticky headers would float over the content in element screenshots.
  await page.addStyleTag({ content: '.page > .header, mobile-starlight-toc nav { position: absolute !important; }' })
  for (const theme of ['light', 'dark']) {
    await page.evaluate((theme) => document.documentElement.setAttribute('data-theme', theme), theme)
    await page.setViewportSize({ width: 1280, height: 900 })
    await page.locator('.wb-card').screenshot({ path: `${shots}${name}-card-${theme}.png` })
    await page.locator('.wb-step').first().screenshot({ path: `${shots}${name}-step-${theme}.png` })
    await page.setViewportSize({ width: 390, height: 844 })
    await page.locator('.wb-card').screenshot({ path: `${shots}${name}-card-${theme}-phone.png` })
  }
  await page.setViewportSize({ width: 1280, height: 900 })
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

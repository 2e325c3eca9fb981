import { expect, test } from '@playwright/test'
import { exercises, hasLesson, lessonPath, nn } from './metadata.ts'

const first = exercises[0]!

test.describe('lesson 01', () => {
  test('shows every step of the exercise, titled from its metadata, in order', async ({ page }) => {
    await page.goto(lessonPath(first))
    const titles = page.locator('.wb-step-title')
    await expect(titles).toHaveText(first.steps.map((step, index) => new RegExp(`Step ${index + 1}\\s*${escape(step.title)}`)))
    await page.screenshot({ path: 'test-results/screenshots/lesson-01.png', fullPage: true })
  })

  test('shows the exact commands and folders', async ({ page }) => {
    await page.goto(lessonPath(first))
    const card = page.locator('.wb-card')
    for (const command of ['start', 'test', 'hint']) {
      await expect(card.getByText(`npx workbook ${command} ${nn(first)}`, { exact: true })).toBeVisible()
    }
    await expect(card.getByText(`practice/${first.slug}/${first.files[0]}`)).toBeVisible()
    await expect(card.getByText(`exercises/${first.slug}/`, { exact: true })).toBeVisible()
  })

  test('hints unfold one level at a time, without JavaScript', async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled: false })
    const page = await context.newPage()
    await page.goto(lessonPath(first))
    const step = page.locator('.wb-step').first()
    const [hint1, hint2] = first.steps[0]!.hints
    await expect(step.getByText(hint1!)).toBeHidden()
    await step.getByText('Stuck? Hint 1').click()
    await expect(step.getByText(hint1!)).toBeVisible()
    await expect(step.getByText(hint2!)).toBeHidden()
    await step.getByText('Still stuck? Hint 2').click()
    await expect(step.getByText(hint2!)).toBeVisible()
    await context.close()
  })

  test('lists the standards with links', async ({ page }) => {
    await page.goto(lessonPath(first))
    for (const standard of first.standards) {
      await expect(page.getByRole('link', { name: standard.name, exact: true })).toHaveAttribute('href', standard.url)
    }
  })

  test('the next-lesson card leads on', async ({ page }) => {
    await page.goto(lessonPath(first))
    const next = exercises[1]
    await page.getByRole('navigation', { name: 'Next lesson' }).getByRole('link').click()
    if (next && hasLesson(next)) {
      await expect(page).toHaveURL(lessonPath(next))
      await expect(page.locator('.wb-step-title').first()).toContainText(next.steps[0]!.title)
    } else {
      await expect(page).toHaveURL('/curriculum/')
    }
  })
})

test.describe('every lesson', () => {
  for (const exercise of exercises.filter(hasLesson)) {
    test(`${exercise.slug} has one step per exercise step and its exercise card`, async ({ page }) => {
      await page.goto(lessonPath(exercise))
      await expect(page.locator('.wb-step-title')).toHaveText(exercise.steps.map((step) => new RegExp(escape(step.title))))
      await expect(page.locator('.wb-card-title')).toHaveText(exercise.title)
    })
  }

  test("Starlight's next-page link follows the lesson order", async ({ page }) => {
    const lessons = exercises.filter(hasLesson)
    for (const [index, exercise] of lessons.entries()) {
      const next = lessons[index + 1]
      if (!next) continue
      await page.goto(lessonPath(exercise))
      await expect(page.locator('a[rel="next"]')).toHaveAttribute('href', lessonPath(next))
      await expect(page.locator('a[rel="next"]')).toContainText(`${nn(next)} · ${next.title}`)
    }
  })

  test('the sidebar lists the lessons by number', async ({ page }) => {
    await page.goto(lessonPath(first))
    const lessons = page.locator('#starlight__sidebar a[href^="/lessons/"]')
    await expect(lessons).toHaveText(exercises.filter(hasLesson).map((exercise) => `${nn(exercise)} · ${exercise.title}`))
  })
})

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

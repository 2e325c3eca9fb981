import AxeBuilder from '@axe-core/playwright'
import { expect, test } from '@playwright/test'
import { exercises, lessonPath } from './metadata.ts'

/** One page of each kind; Starlight follows the system colour scheme until the reader picks one. */
const pages = {
  home: '/',
  lesson: lessonPath(exercises.find((exercise) => exercise.slug === '04-problem-details') ?? exercises[0]!),
  curriculum: '/curriculum/',
  'mentor grading': '/mentors/grading/',
  'mentor assignment': '/mentors/assignments/http-foundations/',
  rubrics: '/mentors/rubrics/',
  career: '/career/',
}

for (const colorScheme of ['light', 'dark'] as const) {
  test.describe(`accessibility, ${colorScheme} mode`, () => {
    test.use({ colorScheme })
    for (const [name, path] of Object.entries(pages)) {
      test(`${name} has no axe violations`, async ({ page }) => {
        await page.goto(path)
        await expect(page.locator('html')).toHaveAttribute('data-theme', colorScheme)
        // Answered and unfolded, so the feedback colours are checked too.
        const question = page.locator('fieldset[data-question]').first()
        if (await question.count()) await question.locator('input:not([data-correct])').first().check()
        // axe's default rule set: WCAG 2.x A and AA plus best practices.
        const results = await new AxeBuilder({ page }).analyze()
        const summary = results.violations.map((violation) => `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(' ')).join(', ')})`)
        expect(summary).toEqual([])
        // Kept for a person to look at: each page kind, in each theme, on a desktop and a phone.
        await page.evaluate(() => window.scrollTo(0, 0))
        const file = `test-results/screenshots/${name.replaceAll(' ', '-')}-${colorScheme}`
        await page.screenshot({ path: `${file}-desktop.png`, fullPage: true })
        await page.setViewportSize({ width: 390, height: 844 })
        // Responsive: nothing wider than the phone, so the page never scrolls sideways.
        await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
        await page.screenshot({ path: `${file}-phone.png`, fullPage: true })
      })
    }
  })
}

import { expect, test } from '@playwright/test'
import { exercises, lessonPath } from './metadata.ts'

test.describe('home page', () => {
  test('shows the workbook and a way to start', async ({ page }) => {
    await page.goto('/')
    await expect(page.getByRole('heading', { level: 1, name: 'API Engineer Workbook' })).toBeVisible()
    for (const audience of ['Learners', 'Mentors', 'Maintainers']) {
      await expect(page.getByText(audience, { exact: true })).toBeVisible()
    }
    await expect(page.getByText('npx workbook start 01')).toBeVisible()
    await page.screenshot({ path: 'test-results/screenshots/home.png', fullPage: true })
  })

  test('"Start with lesson 01" opens the first lesson', async ({ page }) => {
    await page.goto('/')
    await page.getByRole('link', { name: 'Start with lesson 01', exact: true }).click()
    await expect(page).toHaveURL(lessonPath(exercises[0]!))
    await expect(page.getByRole('heading', { level: 3, name: exercises[0]!.steps[0]!.title })).toBeVisible()
  })
})

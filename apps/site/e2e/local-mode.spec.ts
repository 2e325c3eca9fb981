import { expect, test } from '@playwright/test'
import { exercises, lessonPath, nn } from './metadata.ts'

const first = exercises[0]!

test.describe('local mode in the static build', () => {
  test('each step shows the command to check it, and no live controls', async ({ page }) => {
    const requests: string[] = []
    page.on('request', (request) => requests.push(new URL(request.url()).pathname))
    await page.goto(lessonPath(first))
    await expect(page.locator('.wb-step .wb-check')).toHaveText(first.steps.map(() => `Check this step: npx workbook test ${nn(first)}`))
    await expect(page.locator('.wb-card').getByText(`npx workbook start ${nn(first)}`, { exact: true })).toBeVisible()
    await expect(page.locator('[data-wb-live], [data-wb-action]')).toHaveCount(0)
    await expect(page.getByRole('button', { name: /Run tests|Start exercise/ })).toHaveCount(0)
    await page.waitForLoadState('networkidle')
    expect(requests.filter((path) => path.startsWith('/__workbook/')), 'no probe of a local API').toEqual([])
  })

  test('the local API does not exist on a static host', async ({ request }) => {
    expect((await request.get(`/__workbook/exercises/${first.slug}`)).status()).toBe(404)
  })
})

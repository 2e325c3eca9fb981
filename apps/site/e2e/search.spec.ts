import { expect, test } from '@playwright/test'
import { exercises, lessonPath } from './metadata.ts'

test.describe('search', () => {
  test('finds a lesson from a word in it, with the index served by the site itself', async ({ page }) => {
    const outside: string[] = []
    page.on('request', (request) => {
      if (!request.url().startsWith('http://127.0.0.1')) outside.push(request.url())
    })
    const lesson = exercises.find((exercise) => exercise.slug === '04-problem-details')!
    await page.goto('/')
    await page.getByRole('button', { name: /^Search/ }).click()
    const input = page.getByRole('dialog').getByRole('textbox', { name: 'Search' })
    await input.fill('problem details')
    const result = page.getByRole('dialog').locator(`a[href^="${lessonPath(lesson)}"]`).first()
    await expect(result).toBeVisible()
    await result.click()
    await expect(page).toHaveURL(new RegExp(lessonPath(lesson)))
    expect(outside).toEqual([])
  })

  test('opens with Ctrl+K and closes with Escape, keyboard only', async ({ page }) => {
    await page.goto('/curriculum/')
    await page.keyboard.press('Control+k')
    await expect(page.getByRole('dialog')).toBeVisible()
    await expect(page.getByRole('dialog').getByRole('textbox', { name: 'Search' })).toBeFocused()
    await page.keyboard.press('Escape')
    await expect(page.getByRole('dialog')).toBeHidden()
  })

  test('the input has focus even when search finishes loading after the dialog opened', async ({ page }) => {
    // Holds Pagefind's UI back until the dialog is open, as a slow machine or network would.
    let release = () => {}
    const held = new Promise<void>((resolve) => (release = resolve))
    await page.route(/\/_astro\/ui-core\.[^/]*\.js$/, async (route) => {
      await held
      await route.continue()
    })
    await page.goto('/curriculum/')
    await page.keyboard.press('Control+k')
    await expect(page.getByRole('dialog')).toBeVisible()
    release()
    await expect(page.getByRole('dialog').getByRole('textbox', { name: 'Search' })).toBeFocused()
  })
})

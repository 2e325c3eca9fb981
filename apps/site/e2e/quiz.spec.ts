import { expect, test } from '@playwright/test'
import { skills } from '@workbook/curriculum'
import { exercises, lessonPath } from './metadata.ts'

const lesson = exercises.find((exercise) => exercise.slug === '04-problem-details')!

test.describe('check your understanding', () => {
  test('says whether an answer is right, explains it, and remembers it after a reload', async ({ page }) => {
    await page.goto(lessonPath(lesson))
    const question = page.locator('fieldset[data-question]').first()
    const radios = question.getByRole('radio')
    const wrong = question.locator('input:not([data-correct])').first()
    await wrong.check()
    await expect(question.locator('.wb-verdict')).toContainText('Not quite')
    await expect(question.locator('.wb-explain')).toHaveAttribute('open', '')

    await question.locator('input[data-correct]').check()
    await expect(question.locator('.wb-verdict')).toHaveText('Correct.')

    await page.reload()
    await expect(question.locator('input[data-correct]')).toBeChecked()
    await expect(question.locator('.wb-verdict')).toHaveText('Correct.')
    expect(await radios.count()).toBeGreaterThanOrEqual(2)
  })

  test('is answered with the keyboard alone', async ({ page }) => {
    await page.goto(lessonPath(lesson))
    const question = page.locator('fieldset[data-question]').first()
    const first = question.getByRole('radio').first()
    await first.focus()
    await page.keyboard.press('Space')
    await expect(first).toBeChecked()
    await page.keyboard.press('ArrowDown')
    await expect(question.getByRole('radio').nth(1)).toBeChecked()
    await expect(question.locator('.wb-verdict')).not.toBeEmpty()
  })

  test('each question is a group named by its question', async ({ page }) => {
    await page.goto(lessonPath(lesson))
    const group = page.getByRole('group', { name: /unknown field/ })
    await expect(group.getByRole('radio')).toHaveCount(4)
    await expect(page.locator('.wb-verdict').first()).toHaveAttribute('aria-live', 'polite')
  })
})

test.describe('progress', () => {
  test('a lesson marked done counts on the curriculum map, per skill', async ({ page }) => {
    const first = exercises[0]!
    await page.goto('/curriculum/')
    await expect(page.locator('[data-progress-count]')).toHaveText('0')

    await page.goto(lessonPath(first))
    await page.getByRole('checkbox', { name: /I have finished lesson 01/ }).check()
    await page.goto('/curriculum/')
    await expect(page.locator('[data-progress-count]')).toHaveText('1')
    await expect(page.locator(`[data-exercise-status="${first.slug}"]`)).toHaveText('✓ done')

    const skill = skills.find((candidate) => candidate.id === first.skills[0])!
    const trainedBy = exercises.filter((exercise) => exercise.skills.includes(skill.id))
    const row = page.locator('.wb-skill').filter({ has: page.locator('.wb-skill-label', { hasText: skill.label }) })
    await expect(row.locator('.wb-bar-text')).toHaveText(new RegExp(`1 of ${trainedBy.length}`))
    await expect(page.locator('[data-next-up]:visible')).toContainText(exercises[1]!.title)
  })

  test('with nothing done, every bar shows 0, not a broken chart', async ({ page }) => {
    await page.goto('/curriculum/')
    for (const text of await page.locator('[data-skill-count]').allTextContents()) expect(text).toBe('0')
    await expect(page.locator('[data-progress-percent]')).toHaveText('0%')
  })
})

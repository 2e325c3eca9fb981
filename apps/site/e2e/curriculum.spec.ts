import { expect, test } from '@playwright/test'
import { skills } from '@workbook/curriculum'
import { exercises, hasLesson, lessonPath } from './metadata.ts'

test.describe('curriculum page', () => {
  test('lists every exercise in order, linked to its lesson', async ({ page }) => {
    await page.goto('/curriculum/')
    const items = page.locator('.wb-exercise')
    await expect(items).toHaveCount(exercises.length)
    for (const [index, exercise] of exercises.entries()) {
      const item = items.nth(index)
      await expect(item.locator('.wb-exercise-title')).toContainText(exercise.title)
      await expect(item).toContainText(exercise.summary)
      await expect(item).toContainText(`about ${exercise.minutes} min`)
      if (hasLesson(exercise)) {
        await expect(item.getByRole('link', { name: exercise.title })).toHaveAttribute('href', lessonPath(exercise))
      }
    }
  })

  test('lists every skill, and marks the ones no exercise trains yet', async ({ page }) => {
    await page.goto('/curriculum/')
    const rows = page.locator('.wb-skill')
    await expect(rows).toHaveCount(skills.length)
    for (const [index, skill] of skills.entries()) {
      const row = rows.nth(index)
      await expect(row.locator('.wb-skill-label')).toHaveText(skill.label)
      const trained = exercises.some((exercise) => exercise.skills.includes(skill.id))
      if (trained) await expect(row).not.toContainText('not covered yet')
      else await expect(row).toContainText('not covered yet')
    }
  })
})

import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect, test } from '@playwright/test'
import { findRoot, loadAssignment } from '@workbook/curriculum'
import { exercises, hasLesson, lessonPath, nn } from './metadata.ts'

const root = findRoot(fileURLToPath(new URL('.', import.meta.url)))
const assignments = readdirSync(join(root, 'assignments'))
  .filter((name) => name.endsWith('.json'))
  .map((name) => ({ id: name.replace(/\.json$/, ''), file: `assignments/${name}`, assignment: loadAssignment(join(root, 'assignments', name), exercises) }))

test.describe('mentor pages', () => {
  for (const { id, file, assignment } of assignments) {
    test(`${file} has a page with its exercises, weights, time and grade command`, async ({ page }) => {
      await page.goto(`/mentors/assignments/${id}/`)
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(assignment.title)
      if (assignment.description) await expect(page.getByText(assignment.description)).toBeVisible()
      if (assignment.due) await expect(page.locator(`time[datetime="${assignment.due}"]`)).toBeVisible()
      await expect(page.getByText(`${Math.round(assignment.passThreshold * 100)}% of the weighted score`)).toBeVisible()

      const rows = page.locator('tbody tr')
      await expect(rows).toHaveCount(assignment.exercises.length)
      const totalWeight = assignment.exercises.reduce((sum, item) => sum + item.weight, 0)
      let minutes = 0
      for (const [index, item] of assignment.exercises.entries()) {
        const exercise = exercises.find((candidate) => candidate.slug === item.exercise)!
        minutes += exercise.minutes
        const row = rows.nth(index)
        await expect(row.getByRole('rowheader')).toContainText(`${nn(exercise)} · ${exercise.title}`)
        const cells = row.getByRole('cell')
        await expect(cells.nth(2)).toHaveText(String(item.weight))
        await expect(cells.nth(3)).toHaveText(`${Math.round((item.weight / totalWeight) * 100)}%`)
        if (hasLesson(exercise)) await expect(row.getByRole('link', { name: `${nn(exercise)} · ${exercise.title}`, exact: true })).toHaveAttribute('href', lessonPath(exercise))
      }
      const hours = Math.floor(minutes / 60)
      await expect(page.getByText(`about ${[hours ? `${hours} h` : '', minutes % 60 ? `${minutes % 60} min` : ''].filter(Boolean).join(' ')}`)).toBeVisible()
      await expect(page.locator('.expressive-code').filter({ hasText: `npx workbook grade --assignment ${file}` })).toBeVisible()
      await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: assignment.title })).toHaveAttribute('aria-current', 'page')
    })
  }

  test('the grading page lists every assignment and shows the workflow with its variables', async ({ page }) => {
    await page.goto('/mentors/grading/')
    for (const { id, assignment } of assignments) {
      await expect(page.getByRole('link', { name: assignment.title, exact: true }).first()).toHaveAttribute('href', `/mentors/assignments/${id}/`)
    }
    for (const variable of ['WORKBOOK_REPOSITORY', 'WORKBOOK_REF', 'WORKBOOK_ASSIGNMENT']) {
      await expect(page.getByRole('cell', { name: variable, exact: true })).toBeVisible()
    }
    await expect(page.locator('figure').filter({ hasText: '.github/workflows/grade.yml' })).toContainText('npx workbook grade --assignment')
  })

  test('the rubrics list, per exercise, what its tests already prove', async ({ page }) => {
    await page.goto('/mentors/rubrics/')
    for (const exercise of exercises) {
      const section = page.locator(`section[aria-labelledby="${exercise.slug}"]`)
      await expect(section.getByRole('heading', { level: 2 })).toHaveText(`${nn(exercise)} · ${exercise.title}`)
      await expect(section.locator('.wb-proven li')).toHaveText(exercise.steps.map((step) => step.title))
    }
  })
})

test.describe('career page', () => {
  test('lists the often-missing skills with the lessons that build them', async ({ page }) => {
    const { skills } = await import('@workbook/curriculum')
    await page.goto('/career/')
    for (const skill of skills.filter((candidate) => candidate.group === 'often-missing')) {
      const entry = page.locator('.wb-gap').filter({ has: page.getByText(skill.label, { exact: true }) })
      const training = exercises.filter((exercise) => exercise.skills.includes(skill.id))
      if (training.length === 0) await expect(entry).toContainText('No lesson trains it yet')
      for (const exercise of training) await expect(entry).toContainText(`${nn(exercise)} · ${exercise.title}`)
    }
  })

  test('the portfolio checklist remembers ticks after a reload', async ({ page }) => {
    await page.goto('/career/')
    const item = page.getByRole('checkbox', { name: /problem details/ })
    await item.check()
    await expect(page.locator('[data-checklist-count="portfolio"]')).toContainText('1 of')
    await page.reload()
    await expect(item).toBeChecked()
  })
})

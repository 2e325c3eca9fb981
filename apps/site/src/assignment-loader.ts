import { readdirSync } from 'node:fs'
import { basename, join } from 'node:path'
import type { Loader } from 'astro/loaders'
import { loadAssignment, loadExercises } from '@workbook/curriculum'
import { reloadOnChange } from './exercise-loader.ts'

/**
 * One entry per `assignments/*.json`, id = file name without `.json`, loaded and validated by
 * @workbook/curriculum exactly as `workbook grade` loads it: an assignment the grader would refuse
 * (bad field, unknown exercise) fails the build. In `astro dev` edits reload; a broken edit is
 * reported and the last good version stays.
 */
export function assignmentLoader(root: string): Loader {
  return {
    name: 'workbook-assignments',
    load: async ({ store, logger, watcher }) => {
      const folder = join(root, 'assignments')
      const sync = () => {
        const exercises = loadExercises(root)
        const files = readdirSync(folder).filter((name) => name.endsWith('.json')).sort()
        const entries = files.map((name) => ({ id: basename(name, '.json'), data: loadAssignment(join(folder, name), exercises, `assignments/${name}`) }))
        store.clear()
        for (const { id, data } of entries) store.set({ id, data: { ...data } })
      }
      sync()
      reloadOnChange({ logger, watcher }, folder, '.json', sync, 'assignments')
    },
  }
}

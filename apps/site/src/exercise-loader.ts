import { join } from 'node:path'
import type { Loader } from 'astro/loaders'
import { loadExercises } from '@workbook/curriculum'

/**
 * One entry per `exercises/NN-slug/exercise.json`, id = slug, as @workbook/curriculum loads and
 * validates them. In `astro dev` an edited exercise.json reloads without a restart; an invalid one
 * is reported and the last good metadata stays, so a half-typed edit never kills the server.
 */
export function exerciseLoader(root: string): Loader {
  return {
    name: 'workbook-exercises',
    load: async ({ store, logger, watcher }) => {
      const sync = () => {
        const exercises = loadExercises(root)
        store.clear()
        for (const exercise of exercises) store.set({ id: exercise.slug, data: { ...exercise } })
      }
      sync()
      if (!watcher) return
      const exercisesDir = join(root, 'exercises')
      watcher.add(exercisesDir)
      watcher.on('all', (_event, file) => {
        if (!file.startsWith(exercisesDir) || !file.endsWith('exercise.json')) return
        try {
          sync()
          logger.info('reloaded exercise metadata')
        } catch (error) {
          logger.error(error instanceof Error ? error.message : String(error))
        }
      })
    },
  }
}

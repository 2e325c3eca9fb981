import { join } from 'node:path'
import type { Loader, LoaderContext } from 'astro/loaders'
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
      reloadOnChange({ logger, watcher }, join(root, 'exercises'), 'exercise.json', sync, 'exercise metadata')
    },
  }
}

/**
 * In `astro dev`, runs `sync` again when a file under `folder` ending in `suffix` changes. A failing
 * sync is logged and the store keeps its last good entries, so a half-typed edit never kills the server.
 */
export function reloadOnChange(
  { logger, watcher }: Pick<LoaderContext, 'logger' | 'watcher'>,
  folder: string,
  suffix: string,
  sync: () => void,
  what: string,
) {
  if (!watcher) return
  watcher.add(folder)
  watcher.on('all', (_event, file) => {
    if (!file.startsWith(folder) || !file.endsWith(suffix)) return
    try {
      sync()
      logger.info(`reloaded ${what}`)
    } catch (error) {
      logger.error(error instanceof Error ? error.message : String(error))
    }
  })
}

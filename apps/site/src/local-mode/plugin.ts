import { resolve } from 'node:path'
import type { Plugin } from 'vite'
import { findRoot } from '@workbook/curriculum'
import { localApi } from './api.ts'

/**
 * Local mode: the dev server (`npm start`) also serves the local API under `/__workbook/`, so lesson
 * pages can start the exercise, run its tests and record hints. `apply: 'serve'` keeps it out of
 * `astro build`: a static host has no such paths, and its pages show the commands instead.
 *
 * `WORKBOOK_ROOT` points the API at another workbook than the one the site lives in; the e2e tests
 * use it to work on a scratch copy, never on the learner's practice/ and progress.
 */
export function localMode(): Plugin {
  return {
    name: 'workbook:local-mode',
    apply: 'serve',
    configureServer(server) {
      const root = process.env.WORKBOOK_ROOT ? resolve(process.env.WORKBOOK_ROOT) : findRoot(server.config.root)
      const logger = server.config.logger
      // Added before Vite's own middleware, so /__workbook/ never reaches Astro's router.
      server.middlewares.use(localApi({ root, logError: (message) => logger.error(message, { timestamp: true }) }))
    },
  }
}

import { fileURLToPath } from 'node:url'

/**
 * Local mode's e2e tests run `astro dev` on this port with its local API pointed at this scratch
 * workbook (WORKBOOK_ROOT), which the tests make and remove: never the learner's practice/.
 */
export const livePort = 4323
export const liveWorkbook = fileURLToPath(new URL('../.scratch-e2e-live', import.meta.url))

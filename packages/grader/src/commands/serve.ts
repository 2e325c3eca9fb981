import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import { endpointsOf } from '@workbook/testkit'
import type { Express } from 'express'
import { UsageError } from '../usage.ts'
import { findExercise, openWorkbook, shortName, srcDir } from '../workbook.ts'

/** `workbook serve <exercise> [--port N] [--solution]`: your API on loopback, to try with curl. */
export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { port: { type: 'string', default: '3000' }, solution: { type: 'boolean', default: false } },
  })
  if (positionals.length !== 1) throw new UsageError('say which exercise to serve, e.g. `npx workbook serve 01`')
  const port = Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port takes a port number, not '${values.port}'`)
  const workbook = openWorkbook()
  const exercise = findExercise(workbook, positionals[0]!)
  const app = join(srcDir(workbook, exercise, values.solution ? 'solution' : 'practice'), 'app.ts')
  if (!existsSync(app)) throw new UsageError(`${app} does not exist: run \`npx workbook start ${shortName(exercise)}\` first`)

  const { createApp } = (await import(pathToFileURL(app).href)) as { createApp: () => Express }
  // Loopback only: a learner's half-finished API is never exposed to the network.
  const api = createApp()
  // Read from the app's own router, so the suggestion works for every exercise, unstarted routes included.
  const routes = endpointsOf(api)
  const example = routes.find((route) => route.method === 'GET' && !route.path.includes(':'))?.path ?? '/'
  const server = api.listen(port, '127.0.0.1', () => {
    console.log(`${exercise.slug} listening on http://127.0.0.1:${port}`)
    if (routes.length > 0) console.log(`  routes: ${routes.map((route) => `${route.method} ${route.path}`).join(', ')}`)
    console.log(`  try:    curl -i http://127.0.0.1:${port}${example}`)
    console.log('Stop with Ctrl+C. Restart after editing: the tests (npx workbook test) always use your latest code.')
  })
  await new Promise((resolve) => server.on('close', resolve))
  return 0
}

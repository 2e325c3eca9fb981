#!/usr/bin/env node
import module from 'node:module'

// Plain JavaScript so that an old Node gets a clear message instead of a syntax error:
// the grader is TypeScript run by Node's built-in type stripping (Node >= 22.18).
const [major, minor] = process.versions.node.split('.').map(Number)
if (major < 22 || (major === 22 && minor < 18)) {
  console.error(
    `workbook needs Node 22.18 or newer; this is Node ${process.versions.node}.\n` +
      'Run it through npm, which uses the Node 24 that `npm install` put in node_modules:\n' +
      '  npx workbook <command>',
  )
  process.exit(2)
}
// V8's code cache on disk, for this process and (through the variable) the test process it forks:
// it saves about a tenth of a second per run, which a learner feels on every save.
const cache = module.enableCompileCache?.()
if (cache?.directory) process.env.NODE_COMPILE_CACHE = cache.directory
await import('../src/cli.ts')

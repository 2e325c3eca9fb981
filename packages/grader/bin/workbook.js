#!/usr/bin/env node
// Plain JavaScript so that an old Node gets a clear message instead of a syntax error:
// the grader is TypeScript run by Node's built-in type stripping (Node >= 22.18).
const [major, minor] = process.versions.node.split('.').map(Number)
if (major < 22 || (major === 22 && minor < 18)) {
  console.error(
    `workbook needs Node 22.18 or newer; this is Node ${process.versions.node}.\n` +
      'Run it through npm, which uses the Node 24 that `npm install` put in node_modules:\n' +
      '  npx workbook <command>     or     npm run workbook -- <command>',
  )
  process.exit(2)
}
await import('../src/cli.ts')

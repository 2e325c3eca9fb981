import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    // e2e/ is Playwright's; scratch workbooks hold symlinked exercise tests that are not ours to run.
    include: ['src/**/*.test.ts'],
    // A run of the grader starts vitest in a child process: seconds on a loaded machine.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
})

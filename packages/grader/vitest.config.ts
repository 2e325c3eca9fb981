import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    // These tests start the CLI and vitest child processes; on a loaded CI machine that takes seconds.
    testTimeout: 60_000,
  },
})

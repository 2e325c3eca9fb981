import { defineConfig, devices } from '@playwright/test'
import { livePort, liveWorkbook } from './e2e/live-workbook.ts'

const port = 4322

const chromium = {
  ...devices['Desktop Chrome'],
  viewport: { width: 1280, height: 900 },
  // The system Chromium: the workbook never downloads browsers.
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/lib/chromium/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  },
}

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results/playwright',
  forbidOnly: true,
  fullyParallel: true,
  workers: 2,
  reporter: process.env.CI ? [['list'], ['github']] : 'list',
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: 'retain-on-failure',
  },
  projects: [
    { name: 'chromium', testIgnore: /\.live\.spec\.ts$/, use: chromium },
    // Local mode: lesson pages served by `astro dev`, whose local API runs the grader.
    { name: 'live', testMatch: /\.live\.spec\.ts$/, use: { ...chromium, baseURL: `http://127.0.0.1:${livePort}` } },
  ],
  webServer: [
    // Serves the built dist/ (the e2e task depends on build), exactly what a static host would serve.
    {
      command: `npm run preview -- --port ${port}`,
      url: `http://127.0.0.1:${port}/`,
      reuseExistingServer: false,
      timeout: 60_000,
    },
    // What `npm start` serves, with the local API on a scratch workbook the live tests make.
    {
      // --ignore-lock: runs beside a learner's own `npm start`, which Astro would otherwise refuse.
      command: `npm run dev -- --port ${livePort} --strictPort --ignore-lock`,
      url: `http://127.0.0.1:${livePort}/`,
      env: { WORKBOOK_ROOT: liveWorkbook },
      reuseExistingServer: false,
      timeout: 90_000,
    },
  ],
})

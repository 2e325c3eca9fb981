import express from 'express'

/** Builds the API without listening: tests drive it in-process, `workbook serve` puts it on loopback. */
export function createApp() {
  const app = express()

  app.get('/health', (req, res) => {
    // TODO: answer with the JSON body { "status": "ok" } instead of plain text.
    res.send('OK')
  })

  // TODO: answer every request that no route above handled with a JSON 404.

  return app
}

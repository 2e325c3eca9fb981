import express from 'express'

/** Builds the API without listening: tests drive it in-process, `workbook serve` puts it on loopback. */
export function createApp() {
  const app = express()

  // Express answers HEAD with the GET handler's headers and no body (RFC 9110 §9.3.2).
  app.get('/health', (req, res) => {
    res.json({ status: 'ok' })
  })

  // Registered last, so it sees exactly the requests no route matched, whatever their method.
  app.use((req, res) => {
    res.status(404).json({ error: 'not_found', message: `No route for ${req.method} ${req.path}` })
  })

  return app
}

import { randomUUID } from 'node:crypto'
import express from 'express'

/** A to-do item, as clients see it. */
interface Task {
  id: string
  title: string
  done: boolean
}

/** Builds the API without listening: tests drive it in-process, `workbook serve` puts it on loopback. */
export function createApp() {
  const app = express()
  // One store per app, so every test (and every server) starts empty.
  const tasks = new Map<string, Task>()

  app.use(express.json())

  app.get('/tasks', (req, res) => {
    res.json({ items: [...tasks.values()] })
  })

  app.post('/tasks', (req, res) => {
    // TODO: answer 415 unless the body is JSON (express.json() leaves other bodies unparsed).
    // TODO: answer 400 unless title is a non-empty string.
    const task: Task = { id: randomUUID(), title: req.body?.title, done: false }
    tasks.set(task.id, task)
    // TODO: answer 201 with a Location header that points at the new task.
    res.json(task)
  })

  app.get('/tasks/:id', (req, res) => {
    // TODO: answer a JSON 404 when there is no such task.
    res.json(tasks.get(req.params.id))
  })

  // TODO: DELETE /tasks/:id removes the task and answers 204 with no body.

  // TODO: answer 405 with an Allow header to methods that /tasks and /tasks/:id do not support.

  app.use((req, res) => {
    res.status(404).json({ error: 'not_found', message: `No route for ${req.method} ${req.path}` })
  })

  return app
}

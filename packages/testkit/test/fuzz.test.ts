import express from 'express'
import { describe, expect, it } from 'vitest'
import { fuzzEndpoints } from '../src/fuzz.ts'
import { endpointsOf } from '../src/index.ts'

/** An app with the kind of bug the fuzzer exists to find: trusting the shape of the body. */
function fragileApp() {
  const app = express()
  app.use(express.json())
  app.post('/tasks', (req, res) => {
    res.status(201).json({ title: req.body.title.trim() })
  })
  return app
}

/** The same app written defensively, answering every error as problem details. */
function robustApp(addRoutes: (app: express.Express) => void = () => {}) {
  const app = express()
  app.use(express.json())
  const problem = (res: express.Response, status: number, title: string) =>
    res.status(status).type('application/problem+json').json({ type: 'about:blank', status, title })
  app.post('/tasks', (req, res) => {
    if (typeof req.body?.title !== 'string') return problem(res, 400, 'Bad Request')
    res.status(201).json({ title: req.body.title.trim() })
  })
  addRoutes(app)
  app.use((req, res) => problem(res, 404, 'Not Found'))
  app.use((error: { status?: number }, req: express.Request, res: express.Response, next: express.NextFunction) => {
    const status = error.status && error.status < 500 ? error.status : 500
    problem(res, status, status === 500 ? 'Internal Server Error' : 'Bad Request')
  })
  return app
}

describe('endpointsOf', () => {
  it('lists routes of the app and of mounted routers', () => {
    const app = express()
    const tasks = express.Router()
    tasks.route('/:id').get((req, res) => res.end()).delete((req, res) => res.end())
    app.use('/tasks', tasks)
    app.get('/health', (req, res) => res.end())
    expect(endpointsOf(app)).toEqual([
      { method: 'GET', path: '/tasks/:id' },
      { method: 'DELETE', path: '/tasks/:id' },
      { method: 'GET', path: '/health' },
    ])
  })
})

describe('fuzzEndpoints', () => {
  it('finds a 5xx caused by a body of an unexpected shape', async () => {
    await expect(fuzzEndpoints(fragileApp, { runs: 200 })).rejects.toThrow(/5xx/)
  })

  it('finds an error answered as something other than problem details', async () => {
    const app = () => robustApp((routes) => routes.get('/html-error', (req, res) => res.status(400).send('<p>bad</p>')))
    await expect(fuzzEndpoints(app, { runs: 50, problemDetails: true })).rejects.toThrow(/problem\+json/)
  })

  it('passes an app that validates its input and answers errors as problem details', async () => {
    await expect(fuzzEndpoints(robustApp, { runs: 200, problemDetails: true })).resolves.toEqual([{ method: 'POST', path: '/tasks' }])
  })
})

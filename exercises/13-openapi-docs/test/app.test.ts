import { createConfig, lintFromString } from '@redocly/openapi-core'
import { endpointsOf, expectProblem, parseLinkHeader } from '@workbook/testkit'
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js'
import addFormatsModule, { type FormatsPlugin } from 'ajv-formats'
import request, { type Response } from 'supertest'
import { beforeEach, describe, expect, it } from 'vitest'
import { createApp } from '#src/app.ts'

// ajv-formats is CommonJS: under Node's ESM loader its default import is the module object.
const addFormats: FormatsPlugin = (addFormatsModule as unknown as { default?: FormatsPlugin }).default ?? (addFormatsModule as unknown as FormatsPlugin)

/** The two routes that serve the documentation itself; the document describes the API, not them. */
const DOCUMENTATION_ROUTES = ['GET /openapi.json', 'GET /docs']
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']
const PROBLEM_JSON = 'application/problem+json'

type Json = Record<string, any>
interface Operation {
  method: string
  path: string
  operation: Json
  /** Path-level parameters, which every operation of the path inherits (OAS 3.1, Path Item Object). */
  pathParameters: Json[]
}

/** A task as the app stores it; ids are UUIDs, as the app's own are. */
const task = (n: number, overrides: Json = {}) => ({
  id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  title: `Task ${n}`,
  done: n % 2 === 0,
  createdAt: new Date(Date.UTC(2030, 0, 1, 9, n)).toISOString(),
  ...overrides,
})

let app: ReturnType<typeof createApp>
let spec: Json

beforeEach(async () => {
  const tasks = new Map([task(1), task(2, { dueDate: '2030-02-01T17:00:00.000Z' }), task(3)].map((t) => [t.id, t]))
  app = createApp({ tasks })
  spec = (await request(app).get('/openapi.json')).body as Json
})

/** Follows a local `$ref` (OAS 3.1, Reference Object), so a response or parameter may live in components. */
function deref(value: Json | undefined): Json | undefined {
  let current = value
  for (let hops = 0; current && typeof current.$ref === 'string' && hops < 10; hops++) {
    const ref: string = current.$ref
    if (!ref.startsWith('#/')) throw new Error(`only local references are supported, not ${ref}`)
    current = ref
      .slice(2)
      .split('/')
      .map((token) => decodeURIComponent(token).replaceAll('~1', '/').replaceAll('~0', '~'))
      .reduce<Json | undefined>((node, key) => node?.[key], spec)
  }
  return current
}

function operationsOf(document: Json): Operation[] {
  return Object.entries<Json>(document.paths ?? {}).flatMap(([path, item]) =>
    METHODS.filter((method) => item[method]).map((method) => ({
      method: method.toUpperCase(),
      path,
      operation: item[method] as Json,
      pathParameters: (item.parameters ?? []) as Json[],
    })),
  )
}

function operation(method: string, path: string): Operation {
  const found = operationsOf(spec).find((op) => op.method === method && op.path === path)
  expect(found, `${method} ${path} is documented in paths (OAS 3.1, Paths Object)`).toBeDefined()
  return found as Operation
}

/** Checks a value against a schema of the document, resolving its $refs into components (JSON Schema 2020-12). */
function validate(schema: Json, value: unknown): ErrorObject[] {
  // Not strict: OpenAPI adds keywords of its own to JSON Schema (OAS 3.1, Schema Object), e.g. discriminator.
  const ajv = new Ajv2020({ strict: false, allErrors: true })
  addFormats(ajv)
  const check = ajv.compile({ ...schema, components: spec.components })
  return check(value) ? [] : (check.errors ?? [])
}

const mediaTypeOf = (response: Response) => String(response.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? ''

/** Headers of a documented response, by lowercased name: HTTP field names are case-insensitive (RFC 9110 §5.1). */
function documentedHeaders(documented: Json): Map<string, Json> {
  return new Map(Object.entries<Json>(documented.headers ?? {}).map(([name, header]) => [name.toLowerCase(), deref(header) ?? {}]))
}

/**
 * Asserts that a real response is one the document promises for this operation: its status is
 * documented (or covered by `default`), its body validates against the schema of its media type,
 * and every header documented as required is there (OAS 3.1, Responses, Response and Header Objects).
 */
function expectDocumented(method: string, path: string, response: Response): Json {
  const { operation: op } = operation(method, path)
  const documented = deref(op.responses?.[String(response.status)] ?? op.responses?.default)
  expect(documented, `${method} ${path} documents the ${response.status} it answers`).toBeDefined()
  const content: Json = documented?.content ?? {}
  if (response.status !== 204 && response.text) {
    const mediaType = mediaTypeOf(response)
    expect(Object.keys(content), `${method} ${path} ${response.status} documents the media type it sends`).toContain(mediaType)
    const schema = content[mediaType]?.schema
    expect(schema, `${method} ${path} ${response.status} ${mediaType} has a schema`).toBeDefined()
    const errors = validate(schema, response.body)
    expect(errors, `the ${response.status} body of ${method} ${path} matches its documented schema`).toEqual([])
  }
  for (const [name, header] of documentedHeaders(documented ?? {})) {
    if (header.required) expect(response.headers[name], `${method} ${path} ${response.status} sends its required ${name} header`).toBeDefined()
  }
  return documented as Json
}

function requestBodySchema(method: string, path: string): Json {
  const body = deref(operation(method, path).operation.requestBody)
  const schema = body?.content?.['application/json']?.schema
  expect(schema, `${method} ${path} documents an application/json request body (OAS 3.1, Request Body Object)`).toBeDefined()
  return schema as Json
}

const templateOf = (expressPath: string) => expressPath.replace(/:(\w+)/g, '{$1}')

describe('serve-spec', () => {
  it('GET /openapi.json answers 200 with an OpenAPI 3.1 document as application/json (OAS 3.1, OpenAPI Object)', async () => {
    const response = await request(app).get('/openapi.json')
    expect(response.status).toBe(200)
    expect(mediaTypeOf(response)).toBe('application/json')
    expect(response.body.openapi, 'the openapi field names a 3.1 version (OAS 3.1, OpenAPI Object)').toMatch(/^3\.1\.\d+$/)
    expect(response.body.info, 'info has a title and a version (OAS 3.1, Info Object)').toMatchObject({ title: expect.any(String), version: expect.any(String) })
  })

  it('the document says where the API is served (OAS 3.1, Server Object)', () => {
    expect(spec.servers, 'servers').toBeInstanceOf(Array)
    expect(spec.servers.length, 'servers').toBeGreaterThan(0)
    for (const server of spec.servers) expect(server.url, 'each server has a url').toEqual(expect.any(String))
  })

  it('every operation has an operationId, a summary and a documented success response (OAS 3.1, Operation Object)', () => {
    const operations = operationsOf(spec)
    expect(operations.length, 'documented operations').toBeGreaterThan(0)
    for (const { method, path, operation: op } of operations) {
      expect(op.operationId, `${method} ${path} operationId`).toMatch(/^[A-Za-z][A-Za-z0-9_-]*$/)
      expect(op.summary, `${method} ${path} summary`).toMatch(/\S/)
      expect(Object.keys(op.responses ?? {}), `${method} ${path} documents a 2xx response`).toContainEqual(expect.stringMatching(/^2(\d\d|XX)$/))
    }
  })

  it('operationIds are unique, so generated clients get one method per operation (OAS 3.1, Operation Object: operationId)', () => {
    const ids = operationsOf(spec).map(({ operation: op }) => op.operationId)
    expect(ids.length).toBeGreaterThan(0)
    expect(new Set(ids).size, `operationIds ${ids.join(', ')}`).toBe(ids.length)
  })
})

describe('every-route-documented', () => {
  const appRoutes = () =>
    endpointsOf(app)
      .map(({ method, path }) => `${method} ${templateOf(path)}`)
      .filter((route) => !DOCUMENTATION_ROUTES.includes(route))

  it('every route the app answers is documented, so no client meets an undocumented endpoint (OAS 3.1, Paths Object)', () => {
    const documented = new Set(operationsOf(spec).map(({ method, path }) => `${method} ${path}`))
    const routes = appRoutes()
    expect(routes.length, 'routes the app declares').toBeGreaterThan(0)
    expect(routes.filter((route) => !documented.has(route)), 'routes missing from the document').toEqual([])
  })

  it('every documented operation is one the app answers, so no client codes against a promise (OAS 3.1, Paths Object)', () => {
    const routes = new Set(appRoutes())
    const documented = operationsOf(spec).map(({ method, path }) => `${method} ${path}`)
    expect(documented.filter((route) => !routes.has(route)), 'documented operations the app lacks').toEqual([])
  })

  it('every path template variable is a required parameter in: path (OAS 3.1, Parameter Object: path parameters are required)', () => {
    for (const { method, path, operation: op, pathParameters } of operationsOf(spec)) {
      const parameters = [...pathParameters, ...(op.parameters ?? [])].map((parameter: Json) => deref(parameter) ?? {})
      for (const [, name] of path.matchAll(/\{([^}]+)\}/g)) {
        expect(parameters, `${method} ${path} declares {${name}}`).toContainEqual(expect.objectContaining({ in: 'path', name, required: true }))
      }
    }
  })

  it('GET /tasks documents every query parameter it accepts: limit, cursor and done (OAS 3.1, Parameter Object)', async () => {
    const { operation: op, pathParameters } = operation('GET', '/tasks')
    const query = [...pathParameters, ...(op.parameters ?? [])]
      .map((parameter: Json) => deref(parameter) ?? {})
      .filter((parameter) => parameter.in === 'query')
      .map((parameter) => parameter.name)
    expect(query.sort()).toEqual(['cursor', 'done', 'limit'])
    // ...and the app does accept them.
    expect((await request(app).get('/tasks?limit=1&done=false')).status).toBe(200)
  })
})

describe('responses-match-spec', () => {
  it('GET /tasks answers the documented page and documents the Link header it sends (RFC 8288 §3)', async () => {
    const first = await request(app).get('/tasks?limit=2')
    const documented = expectDocumented('GET', '/tasks', first)
    const next = parseLinkHeader(first.headers.link).find((link) => link.rel.includes('next'))
    expect(next, 'a Link with rel="next" on the first of two pages').toBeDefined()
    expect(documentedHeaders(documented).has('link'), 'the 200 response documents the Link header (OAS 3.1, Response Object: headers)').toBe(true)

    // The target is a URI reference: resolve it against the request URL (RFC 8288 §3.1).
    const url = new URL(next?.target ?? '', 'http://api.test/tasks?limit=2')
    const second = await request(app).get(url.pathname + url.search)
    expectDocumented('GET', '/tasks', second)
    expect(second.body.items, 'the second page').toBeInstanceOf(Array)
  })

  it('GET /tasks with an invalid query answers the documented 400 problem (RFC 9457 §3)', async () => {
    for (const query of ['limit=ten', 'cursor=garbage', 'bogus=1']) {
      const response = await request(app).get(`/tasks?${query}`)
      expectProblem(response, 400)
      expectDocumented('GET', '/tasks', response)
    }
  })

  it('POST /tasks answers 201 with the documented task and Location header (RFC 9110 §10.2.2)', async () => {
    const response = await request(app).post('/tasks').send({ title: 'Document the API', dueDate: '2030-01-31T18:00:00+01:00' })
    expect(response.status).toBe(201)
    const documented = expectDocumented('POST', '/tasks', response)
    expect(response.headers.location, 'Location').toBeDefined()
    expect(documentedHeaders(documented).has('location'), 'the 201 response documents the Location header (OAS 3.1, Response Object: headers)').toBe(true)
    const created = await request(app).get(response.headers.location as string)
    expectDocumented('GET', '/tasks/{id}', created)
  })

  it('POST /tasks refuses what the documented request schema refuses, with the documented 400 (JSON Schema 2020-12, RFC 9457)', async () => {
    const schema = requestBodySchema('POST', '/tasks')
    const refused: Json[] = [{}, { title: 42 }, { title: 'x'.repeat(201) }, { title: 'Write docs', done: 'yes' }, { title: 'Write docs', dueDate: 'tomorrow' }, { title: 'Write docs', id: 'mine' }]
    for (const body of refused) {
      expect(validate(schema, body), `the document refuses ${JSON.stringify(body)}`).not.toEqual([])
      const response = await request(app).post('/tasks').send(body)
      expectProblem(response, 400)
      expectDocumented('POST', '/tasks', response)
    }
    const malformed = await request(app).post('/tasks').set('Content-Type', 'application/json').send('{"title":')
    expectProblem(malformed, 400)
    expectDocumented('POST', '/tasks', malformed)
  })

  it('POST /tasks accepts what the documented request schema accepts (JSON Schema 2020-12)', async () => {
    const schema = requestBodySchema('POST', '/tasks')
    const accepted: Json[] = [{ title: 'Write docs' }, { title: 'Write docs', done: true, dueDate: '2030-01-31T18:00:00+01:00' }]
    for (const body of accepted) {
      expect(validate(schema, body), `the document accepts ${JSON.stringify(body)}`).toEqual([])
      const response = await request(app).post('/tasks').send(body)
      expect(response.status, `POST /tasks ${JSON.stringify(body)}`).toBe(201)
      expectDocumented('POST', '/tasks', response)
    }
  })

  it('POST /tasks with another media type answers the documented 415 problem (RFC 9110 §15.5.16)', async () => {
    const response = await request(app).post('/tasks').set('Content-Type', 'text/plain').send('Write docs')
    expectProblem(response, 415)
    expectDocumented('POST', '/tasks', response)
  })

  it('GET /tasks/{id} answers the documented 200 and 404 (RFC 9110 §15.5.5)', async () => {
    expectDocumented('GET', '/tasks/{id}', await request(app).get(`/tasks/${task(2).id}`))
    const missing = await request(app).get('/tasks/00000000-0000-4000-8000-999999999999')
    expectProblem(missing, 404)
    expectDocumented('GET', '/tasks/{id}', missing)
  })

  it('DELETE /tasks/{id} answers the documented 204 and 404 (RFC 9110 §9.3.5)', async () => {
    const deleted = await request(app).delete(`/tasks/${task(1).id}`)
    expect(deleted.status).toBe(204)
    expectDocumented('DELETE', '/tasks/{id}', deleted)
    const again = await request(app).delete(`/tasks/${task(1).id}`)
    expectProblem(again, 404)
    expectDocumented('DELETE', '/tasks/{id}', again)
  })
})

describe('spec-lints-clean', () => {
  it("the document passes Redocly's recommended ruleset with no errors and no warnings", async () => {
    const config = await createConfig({ extends: ['recommended'] })
    const problems = await lintFromString({ source: JSON.stringify(spec), absoluteRef: 'openapi.json', config })
    const report = problems.map((problem) => `${problem.severity} ${problem.ruleId}: ${problem.message} at ${problem.location[0]?.pointer ?? '?'}`)
    expect(report, 'lint problems').toEqual([])
  })

  it('every error response is documented as application/problem+json (RFC 9457 §3)', () => {
    for (const { method, path, operation: op } of operationsOf(spec)) {
      for (const [status, response] of Object.entries<Json>(op.responses ?? {})) {
        if (!/^[45]/.test(status) && status !== 'default') continue
        expect(Object.keys(deref(response)?.content ?? {}), `${method} ${path} ${status}`).toEqual([PROBLEM_JSON])
      }
    }
  })

  it('every example of a component schema validates against that schema (OAS 3.1, Schema Object: examples)', () => {
    const schemas = Object.entries<Json>(spec.components?.schemas ?? {})
    const examples = schemas.flatMap(([name, schema]) =>
      [...(Array.isArray(schema.examples) ? schema.examples : []), ...('example' in schema ? [schema.example] : [])].map((example) => ({ name, example })),
    )
    expect(examples.length, 'component schemas carry examples, for the docs and for client developers').toBeGreaterThan(0)
    for (const { name, example } of examples) {
      expect(validate({ $ref: `#/components/schemas/${name}` }, example), `the example of ${name}`).toEqual([])
    }
  })
})

describe('docs-page', () => {
  it('GET /docs answers 200 with an HTML page', async () => {
    const response = await request(app).get('/docs')
    expect(response.status).toBe(200)
    expect(mediaTypeOf(response)).toBe('text/html')
    expect(response.text).toMatch(/<html[\s>]/i)
  })

  it('the page links to the machine-readable document at /openapi.json', async () => {
    const response = await request(app).get('/docs')
    expect(response.text, 'a quoted reference to /openapi.json').toMatch(/["'](?:\.?\/)?openapi\.json["']/)
  })

  it('the page sets a Content-Security-Policy that allows no inline or wildcard script and no framing (CSP Level 3: script-src, object-src, frame-ancestors)', async () => {
    const response = await request(app).get('/docs')
    const header = response.headers['content-security-policy']
    expect(header, 'Content-Security-Policy').toBeDefined()
    // A CSP is a list of directives separated by ";" (CSP Level 3, policy syntax); names compare case-insensitively.
    const directives = new Map(
      String(header)
        .split(';')
        .map((directive) => directive.trim().split(/\s+/))
        .flatMap(([name, ...values]) => (name ? [[name.toLowerCase(), values.map((value) => value.toLowerCase())] as const] : [])),
    )
    const scripts = directives.get('script-src') ?? directives.get('default-src')
    expect(scripts, 'script-src or default-src').toBeDefined()
    for (const loose of ["'unsafe-inline'", "'unsafe-eval'", '*', 'data:', 'http:', 'https:']) expect(scripts, `script sources allow ${loose}`).not.toContain(loose)
    expect(directives.get('object-src') ?? directives.get('default-src'), 'object-src').toEqual(["'none'"])
    expect(directives.get('frame-ancestors'), 'frame-ancestors').toBeDefined()
    expect(directives.get('frame-ancestors'), 'frame-ancestors').not.toContain('*')
  })
})

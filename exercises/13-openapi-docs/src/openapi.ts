import { OpenAPIRegistry, OpenApiGeneratorV3 } from '@asteasolutions/zod-to-openapi'
import { z } from 'zod'
import { NewTask, Problem, Task, ValidationProblem } from './task.ts'

/** Every error leaves as problem details (RFC 9457 §3), so the document says so, media type and all. */
const PROBLEM_TYPE = 'application/problem+json'
const JSON_TYPE = 'application/json'

const TaskId = z.object({ id: z.string().meta({ description: 'The id the server gave the task', examples: ['0b6f1e3c-8e4a-4c3f-9a51-1f2d3c4b5a69'] }) })

const problem = (description: string, schema: z.ZodType = Problem) => ({ description, content: { [PROBLEM_TYPE]: { schema } } })

/**
 * The OpenAPI document of the tasks API, generated from the zod schemas the handlers validate
 * with, so the two cannot drift apart. Register a route here in the same change that adds it to
 * src/app.ts: the tests compare both lists.
 */
export function openApiDocument() {
  const registry = new OpenAPIRegistry()

  // TODO: a leftover from an old error format; does anything still use it?
  registry.registerComponent('schemas', 'ErrorMessage', { type: 'object', properties: { message: { type: 'string' } }, required: ['message'] })

  registry.registerPath({
    method: 'get',
    path: '/tasks',
    operationId: 'listTasks',
    summary: 'List tasks, newest first, one page at a time',
    tags: ['tasks'],
    // TODO: written by hand when the handler took two parameters. Which schema does the handler validate with?
    request: { query: z.object({ limit: z.string().optional(), cursor: z.string().optional() }) },
    responses: {
      // TODO: compare with what the handler sends, headers included.
      200: { description: 'One page of tasks', content: { [JSON_TYPE]: { schema: z.array(Task) } } },
      400: { description: 'A query parameter is unknown or invalid', content: { [JSON_TYPE]: { schema: ValidationProblem } } },
    },
  })

  // TODO: name and summarize this operation.
  registry.registerPath({
    method: 'post',
    path: '/tasks',
    tags: ['tasks'],
    request: { body: { required: true, content: { [JSON_TYPE]: { schema: NewTask } } } },
    responses: {
      201: {
        description: 'The task, as created',
        headers: {
          Location: { description: 'The URL of the new task (RFC 9110 §10.2.2)', required: true, schema: { type: 'string', format: 'uri-reference' } },
        },
        content: { [JSON_TYPE]: { schema: Task } },
      },
      400: problem('The body is not valid JSON or breaks the contract; errors names each member', ValidationProblem),
      413: problem('The body is larger than 10 kB'),
      415: problem('The body is not application/json'),
    },
  })

  registry.registerPath({
    method: 'get',
    path: '/tasks/{id}',
    operationId: 'getTask',
    summary: 'Get one task',
    tags: ['tasks'],
    request: { params: TaskId },
    // TODO: what does the app answer for an id it does not know?
    responses: {
      200: { description: 'The task', content: { [JSON_TYPE]: { schema: Task } } },
    },
  })

  // TODO: does the app answer this one? And which route of src/app.ts has no registration here?
  registry.registerPath({
    method: 'patch',
    path: '/tasks/{id}',
    operationId: 'updateTask',
    summary: 'Change a task',
    tags: ['tasks'],
    request: { params: TaskId, body: { content: { 'application/merge-patch+json': { schema: NewTask.partial() } } } },
    responses: {
      200: { description: 'The task, as changed', content: { [JSON_TYPE]: { schema: Task } } },
      404: problem('No task has this id'),
    },
  })

  // TODO: which OpenAPI version does this generator write, and which JSON Schema dialect do its
  // schemas use? Say where the API is served, too, then make the document lint clean (the tests
  // print every problem Redocly's recommended ruleset finds).
  return new OpenApiGeneratorV3(registry.definitions).generateDocument({
    openapi: '3.0.3',
    info: {
      title: 'Tasks API',
      version: '1.0.0',
      description: 'The tasks API of the API Engineer Workbook. Every error is application/problem+json (RFC 9457).',
    },
    // No operation needs credentials; saying so is a decision, not an omission.
    security: [],
  })
}

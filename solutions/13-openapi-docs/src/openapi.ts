import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi'
import { z } from 'zod'
import { ListQuery } from './pagination.ts'
import { NewTask, Problem, Task, TaskPage, ValidationProblem } from './task.ts'

/** Every error leaves as problem details (RFC 9457 §3), so the document says so, media type and all. */
const PROBLEM_TYPE = 'application/problem+json'
const JSON_TYPE = 'application/json'

const TaskId = z.object({ id: z.string().meta({ description: 'The id the server gave the task', examples: ['0b6f1e3c-8e4a-4c3f-9a51-1f2d3c4b5a69'] }) })

const problem = (description: string, schema: z.ZodType = Problem) => ({ description, content: { [PROBLEM_TYPE]: { schema } } })

/**
 * The OpenAPI 3.1 document of the tasks API, generated from the zod schemas the handlers validate
 * with, so the two cannot drift apart. Register a route here in the same change that adds it to
 * src/app.ts: the tests compare both lists.
 */
export function openApiDocument() {
  const registry = new OpenAPIRegistry()

  registry.registerPath({
    method: 'get',
    path: '/tasks',
    operationId: 'listTasks',
    summary: 'List tasks, newest first, one page at a time',
    tags: ['tasks'],
    request: { query: ListQuery },
    responses: {
      200: {
        description: 'One page of tasks',
        headers: {
          Link: {
            description: 'The next page, as <url>; rel="next" (RFC 8288 §3). Follow it as it is; absent on the last page.',
            schema: { type: 'string' },
          },
        },
        content: { [JSON_TYPE]: { schema: TaskPage } },
      },
      400: problem('A query parameter is unknown or invalid; errors names each one', ValidationProblem),
    },
  })

  registry.registerPath({
    method: 'post',
    path: '/tasks',
    operationId: 'createTask',
    summary: 'Create a task',
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
    responses: {
      200: { description: 'The task', content: { [JSON_TYPE]: { schema: Task } } },
      404: problem('No task has this id'),
    },
  })

  registry.registerPath({
    method: 'delete',
    path: '/tasks/{id}',
    operationId: 'deleteTask',
    summary: 'Delete a task',
    tags: ['tasks'],
    request: { params: TaskId },
    responses: {
      204: { description: 'The task is gone' },
      404: problem('No task has this id'),
    },
  })

  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.1',
    info: {
      title: 'Tasks API',
      version: '1.0.0',
      description: 'The tasks API of the API Engineer Workbook. Every error is application/problem+json (RFC 9457).',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    // Relative, so the document is right wherever it is served from (OpenAPI 3.1, Server Object: url).
    servers: [{ url: '/', description: 'This server' }],
    tags: [{ name: 'tasks', description: 'Things to do' }],
    // No operation needs credentials; saying so is a decision, not an omission.
    security: [],
  })
}

import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http'
import type { Problem } from './wire.ts'

/** An error the client must hear about; the API's one error path turns it into problem details. */
export class ApiProblem extends Error {
  readonly status: number
  readonly detail: string
  readonly members: Pick<Problem, 'errors'>
  readonly headers: Record<string, string>

  constructor(status: number, detail: string, members: Pick<Problem, 'errors'> = {}, headers: Record<string, string> = {}) {
    super(detail)
    this.status = status
    this.detail = detail
    this.members = members
    this.headers = headers
  }

  toJSON(): Problem {
    // "about:blank": nothing beyond the status code, so the title is its phrase (RFC 9457 §4.2.1).
    return { type: 'about:blank', title: STATUS_CODES[this.status] ?? 'Error', status: this.status, detail: this.detail, ...this.members }
  }
}

/** Progress and run state change under the page's feet, so no answer may be reused from a cache. */
const common = { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' }

export function sendJson(res: ServerResponse, status: number, body: unknown, type = 'application/json', headers: Record<string, string> = {}) {
  const text = JSON.stringify(body)
  res.writeHead(status, { ...common, ...headers, 'Content-Type': type, 'Content-Length': String(Buffer.byteLength(text)) })
  res.end(text)
}

export function sendProblem(res: ServerResponse, problem: ApiProblem) {
  sendJson(res, problem.status, problem.toJSON(), 'application/problem+json', problem.headers)
}

/** Starts a `text/event-stream`; `send` drops events once the client has gone. */
export function openEventStream(res: ServerResponse) {
  res.writeHead(200, { ...common, 'Content-Type': 'text/event-stream', Connection: 'keep-alive' })
  // A comment line: sends the headers now, so the page knows the run started before the first test ends.
  res.write(': run started\n\n')
  return {
    send(event: string, data: unknown) {
      if (!res.writableEnded && !res.destroyed) res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`)
    },
    end() {
      if (!res.writableEnded) res.end()
    },
  }
}

/**
 * Reads a JSON request body: 415 unless it is `application/json`, 413 beyond `limit` bytes, 400
 * when it does not parse. Only the shape is left to the caller.
 */
export async function readJson(req: IncomingMessage, limit: number): Promise<unknown> {
  const mediaType = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase()
  if (mediaType !== 'application/json') {
    req.resume()
    throw new ApiProblem(415, 'Send the body as application/json', {}, { 'Accept-Post': 'application/json' })
  }
  const declared = Number(req.headers['content-length'])
  if (declared > limit) {
    req.resume()
    throw new ApiProblem(413, `The body is larger than this API accepts (${limit} bytes)`)
  }
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length
    // Keep reading to the end, so the answer is not cut off by a reset, but keep nothing more.
    if (size <= limit) chunks.push(chunk)
  }
  if (size > limit) throw new ApiProblem(413, `The body is larger than this API accepts (${limit} bytes)`)
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'))
  } catch (error) {
    throw new ApiProblem(400, `The body is not valid JSON: ${(error as Error).message}`)
  }
}

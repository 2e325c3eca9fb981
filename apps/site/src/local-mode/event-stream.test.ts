import { describe, expect, it } from 'vitest'
import { readEvents } from './event-stream.ts'

/** A body that arrives in the given pieces, as a slow network would deliver it. */
function body(...pieces: Uint8Array[]) {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      for (const piece of pieces) controller.enqueue(piece)
      controller.close()
    },
  })
}

async function collect(stream: ReadableStream<Uint8Array>) {
  const events = []
  for await (const event of readEvents(stream)) events.push(event)
  return events
}

describe('readEvents', () => {
  it('yields each event once it is complete, whatever the chunks, and skips comments', async () => {
    const text = ': run started\n\nevent: test\ndata: {"name":"a > b","step":"a","status":"pass"}\n\nevent: result\ndata: {"status":"fail"}\n\n'
    const bytes = new TextEncoder().encode(text)
    const pieces = [bytes.slice(0, 7), bytes.slice(7, 40), bytes.slice(40, 41), bytes.slice(41)]
    expect(await collect(body(...pieces))).toEqual([
      { event: 'test', data: { name: 'a > b', step: 'a', status: 'pass' } },
      { event: 'result', data: { status: 'fail' } },
    ])
  })

  it('decodes a character split across two chunks', async () => {
    const bytes = new TextEncoder().encode('event: test\ndata: {"name":"Réponse ✓"}\n\n')
    const split = bytes.indexOf(0xe2) + 1
    expect(await collect(body(bytes.slice(0, split), bytes.slice(split)))).toEqual([{ event: 'test', data: { name: 'Réponse ✓' } }])
  })

  it('ignores an event cut off by the end of the stream', async () => {
    expect(await collect(body(new TextEncoder().encode('event: result\ndata: {"sta')))).toEqual([])
  })
})

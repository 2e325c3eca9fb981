import type { RunEvent } from './wire.ts'

/**
 * Parses a run's `text/event-stream` as it arrives (EventSource cannot POST). It reads what the
 * local API writes: `\n` line ends and one JSON `data:` line per event; comments are skipped.
 */
export async function* readEvents(body: ReadableStream<Uint8Array>): AsyncGenerator<RunEvent> {
  const reader = body.getReader()
  const decoder = new TextDecoder()
  let buffer = ''
  for (;;) {
    const { done, value } = await reader.read()
    if (done) return
    buffer += decoder.decode(value, { stream: true })
    let end: number
    while ((end = buffer.indexOf('\n\n')) !== -1) {
      const block = buffer.slice(0, end)
      buffer = buffer.slice(end + 2)
      let event = 'message'
      let data = ''
      for (const line of block.split('\n')) {
        if (line.startsWith('event:')) event = line.slice(6).trim()
        else if (line.startsWith('data:')) data += line.slice(5)
      }
      if (data) yield { event, data: JSON.parse(data) } as RunEvent
    }
  }
}

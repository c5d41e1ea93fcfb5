import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { readBoundedBytes, readBoundedText } from './bounded-body.js'

/** A body streamed in `chunks`, counting how many chunks were pulled. */
function streamed(chunks: readonly Uint8Array[]) {
  let pulled = 0
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      const next = chunks[pulled]
      pulled++
      if (next === undefined) controller.close()
      else controller.enqueue(next)
    },
  })
  return { response: new Response(body), pulled: () => pulled }
}

describe('readBoundedBytes', () => {
  it('returns the whole body up to the limit, whatever the chunking', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.uint8Array({ maxLength: 64 }), { maxLength: 8 }),
        fc.nat(600),
        async (chunks, limit) => {
          const total = chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0)
          const bytes = await readBoundedBytes(streamed(chunks).response, limit)
          if (total > limit) expect(bytes).toBeUndefined()
          else expect(bytes).toEqual(new Uint8Array(chunks.flatMap((chunk) => [...chunk])))
        },
      ),
    )
  })

  it('stops reading as soon as the limit is passed, without Content-Length', async () => {
    const chunk = new Uint8Array(100)
    const body = streamed(Array.from({ length: 50 }, () => chunk))
    expect(await readBoundedBytes(body.response, 250)).toBeUndefined()
    expect(body.pulled()).toBeLessThanOrEqual(4)
  })

  it('refuses a declared Content-Length over the limit before reading', async () => {
    const body = streamed([new Uint8Array(10)])
    const request = new Request('https://example.com/', {
      method: 'POST',
      headers: { 'content-length': '1000000' },
      body: body.response.body,
      duplex: 'half',
    } as RequestInit)
    expect(await readBoundedBytes(request, 100)).toBeUndefined()
    expect(body.pulled()).toBeLessThanOrEqual(1)
  })

  it('reads an absent body as empty and decodes text as UTF-8', async () => {
    expect(await readBoundedBytes(new Response(null), 10)).toEqual(new Uint8Array(0))
    expect(await readBoundedText(new Response('héllo'), 10)).toBe('héllo')
    expect(await readBoundedText(new Response(new Uint8Array([0xff])), 10)).toBe('\ufffd')
  })
})

import { afterEach, describe, expect, it } from 'vitest'
import { type LoopbackServer, startLoopback } from '../testing/loopback.js'

let server: LoopbackServer | undefined

afterEach(async () => {
  await server?.close()
})

describe('node:http adapter', () => {
  it('passes method, headers and body through, and writes status, headers and cookies back', async () => {
    server = await startLoopback(async (request) => {
      const headers = new Headers({ 'x-echo': request.headers.get('x-test') ?? '' })
      headers.append('set-cookie', 'a=1')
      headers.append('set-cookie', 'b=2')
      return new Response(
        `${request.method} ${new URL(request.url).pathname} ${await request.text()}`,
        {
          status: 201,
          headers,
        },
      )
    })
    const response = await fetch(`${server.origin}/lti/launch?x=1`, {
      method: 'POST',
      headers: { 'x-test': 'yes' },
      body: 'hello',
    })
    expect(response.status).toBe(201)
    expect(await response.text()).toBe('POST /lti/launch hello')
    expect(response.headers.get('x-echo')).toBe('yes')
    expect(response.headers.getSetCookie()).toEqual(['a=1', 'b=2'])
  })

  it('refuses a declared oversize body with 413 and a failing handler with a bare 500', async () => {
    server = await startLoopback(() => Promise.reject(new Error('secret detail')))
    const failed = await fetch(`${server.origin}/`)
    expect(failed.status).toBe(500)
    expect(await failed.text()).toBe('')
    const big = await fetch(`${server.origin}/`, {
      method: 'POST',
      body: 'x'.repeat(1024 * 1024 + 1),
    })
    expect(big.status).toBe(413)
  })
})

import { createServer, type Server } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { publicOnlyFetch, resolveHostAddresses } from './outbound.js'

describe('publicOnlyFetch (the registration page calls public addresses only)', () => {
  let server: Server
  let port = 0
  const seen: { method: string; body: string; userAgent: string | undefined }[] = []
  beforeAll(async () => {
    server = createServer((request, response) => {
      const chunks: Buffer[] = []
      request.on('data', (chunk: Buffer) => chunks.push(chunk))
      request.on('end', () => {
        seen.push({
          method: request.method ?? '',
          body: Buffer.concat(chunks).toString(),
          userAgent: request.headers['user-agent'],
        })
        if (request.url === '/redirect') {
          response.writeHead(302, { location: 'http://169.254.169.254/' }).end()
        } else if (request.url === '/hang') {
          response.writeHead(200, { 'content-type': 'application/json' })
          response.write('{"never":')
        } else if (request.url === '/empty') {
          response.writeHead(204).end()
        } else {
          response
            .writeHead(201, { 'content-type': 'application/json', 'set-cookie': ['a=1', 'b=2'] })
            .end(JSON.stringify({ ok: true }))
        }
      })
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const address = server.address()
    port = typeof address === 'object' && address !== null ? address.port : 0
  })
  afterAll(async () => {
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  })

  it('refuses loopback, private and link-local addresses, literal or by name, before sending', async () => {
    const strict = publicOnlyFetch({ allowLoopback: false })
    const before = seen.length
    for (const url of [
      `http://127.0.0.1:${port}/`,
      `http://localhost:${port}/`,
      'http://10.0.0.1/',
      'http://169.254.169.254/latest/meta-data/',
      'http://[::1]/',
      'http://[::ffff:127.0.0.1]/',
      'file:///etc/passwd',
    ]) {
      await expect(strict(url), url).rejects.toMatchObject({ code: 'ERR_LTI_DR_ADDRESS_REFUSED' })
    }
    expect(seen.length).toBe(before)
  })

  it('in development, reaches loopback: status, headers and body, a POST body, no redirects', async () => {
    const dev = publicOnlyFetch({ allowLoopback: true })
    const response = await dev(`http://localhost:${port}/x`, {
      method: 'POST',
      body: '{"hello":1}',
      headers: { 'content-type': 'application/json', 'user-agent': 'ltihub-test' },
    })
    expect(response.status).toBe(201)
    expect(response.headers.get('content-type')).toBe('application/json')
    expect(response.headers.getSetCookie()).toEqual(['a=1', 'b=2'])
    expect(await response.json()).toEqual({ ok: true })
    expect(seen.at(-1)).toEqual({ method: 'POST', body: '{"hello":1}', userAgent: 'ltihub-test' })
    const redirect = await dev(`http://127.0.0.1:${port}/redirect`)
    expect(redirect.status).toBe(302)
    expect(redirect.headers.get('location')).toBe('http://169.254.169.254/')
    expect((await dev(`http://127.0.0.1:${port}/empty`)).status).toBe(204)
    // Private addresses stay refused in development too.
    await expect(dev('http://192.168.1.1/')).rejects.toMatchObject({
      code: 'ERR_LTI_DR_ADDRESS_REFUSED',
    })
  })

  it('stops waiting, and stops reading the body, when the request is aborted', async () => {
    const dev = publicOnlyFetch({ allowLoopback: true })
    const controller = new AbortController()
    const response = await dev(`http://127.0.0.1:${port}/hang`, { signal: controller.signal })
    const body = response.text()
    controller.abort(new DOMException('took too long', 'TimeoutError'))
    await expect(body).rejects.toThrow()
  })

  it('resolves names with the system resolver', async () => {
    expect(await resolveHostAddresses('localhost')).toEqual(
      expect.arrayContaining([expect.stringMatching(/^(127\.0\.0\.1|::1)$/)]),
    )
  })
})

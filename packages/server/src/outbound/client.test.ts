import { readFileSync } from 'node:fs'
import { createServer, type Server, type ServerResponse } from 'node:http'
import { isLtiError } from '@ltihub/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../config/index.js'
import { LTIHUB_VERSION } from '../version.js'
import { createServerOutbound, systemResolver, USER_AGENT } from './index.js'

/*
 * The server's outbound client with its real Node connector, against a server on loopback
 * (allowed only because the configuration is a development one). Names other than localhost are
 * resolved by an injected resolver that answers loopback: nothing here leaves this machine.
 */

const seen: { url: string; method: string; body: string; host: string; userAgent: string }[] = []
let server: Server
let port = 0

function answer(url: string, response: ServerResponse): void {
  if (url === '/redirect-metadata') {
    response.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end()
  } else if (url === '/redirect-local') {
    response.writeHead(302, { location: '/json' }).end()
  } else if (url === '/silent') {
    // Never answers: the header timeout must end the call.
  } else if (url === '/drip') {
    response.writeHead(200, { 'content-type': 'text/plain' })
    const timer = setInterval(() => response.write(' '), 20)
    response.on('close', () => clearInterval(timer))
  } else if (url === '/big') {
    response.writeHead(200, { 'content-type': 'text/plain' })
    response.end('x'.repeat(64 * 1024))
  } else if (url === '/empty') {
    response.writeHead(204).end()
  } else {
    response
      .writeHead(201, { 'content-type': 'application/json', 'set-cookie': ['a=1', 'b=2'] })
      .end(JSON.stringify({ ok: true }))
  }
}

beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      seen.push({
        url: request.url ?? '',
        method: request.method ?? '',
        body: Buffer.concat(chunks).toString(),
        host: request.headers.host ?? '',
        userAgent: request.headers['user-agent'] ?? '',
      })
      answer(request.url ?? '', response)
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

const devConfig = (env: Record<string, string> = {}) =>
  loadConfig({ env: { NODE_ENV: 'development', PUBLIC_URL: 'http://localhost:3000', ...env } })

/** Names of the test resolve to this machine only. */
const loopbackResolver = () => Promise.resolve([{ address: '127.0.0.1', family: 4 as const }])

async function codeOf(work: Promise<unknown>): Promise<string> {
  const error = await work.then(
    () => undefined,
    (caught: unknown) => caught,
  )
  return isLtiError(error) ? error.code : `not coded: ${String(error)}`
}

describe('the server outbound client (Node connector, development loopback)', () => {
  it('reaches loopback on a development instance: status, headers, body, POST body, User-Agent', async () => {
    const outbound = createServerOutbound(devConfig())
    const response = await outbound(`http://localhost:${port}/x`, {
      method: 'POST',
      body: '{"hello":1}',
      headers: { 'content-type': 'application/json' },
    })
    expect(response.status).toBe(201)
    expect(response.headers.getSetCookie()).toEqual(['a=1', 'b=2'])
    expect(await response.json()).toEqual({ ok: true })
    expect(seen.at(-1)).toMatchObject({
      method: 'POST',
      body: '{"hello":1}',
      userAgent: USER_AGENT,
    })
    expect(USER_AGENT).toBe(`ltihub/${LTIHUB_VERSION}`)
    expect((await outbound(`http://127.0.0.1:${port}/empty`)).status).toBe(204)
  })

  it('connects to the resolved address while keeping the name in Host', async () => {
    const outbound = createServerOutbound(devConfig({ OUTBOUND_ALLOW: 'tool.test' }), {
      resolve: loopbackResolver,
    })
    const response = await outbound(`http://tool.test:${port}/named`)
    expect(response.status).toBe(201)
    expect(seen.at(-1)).toMatchObject({ url: '/named', host: `tool.test:${port}` })
  })

  it('follows a redirect on loopback and refuses one to the metadata address', async () => {
    const outbound = createServerOutbound(devConfig())
    expect((await outbound(`http://127.0.0.1:${port}/redirect-local`)).status).toBe(201)
    const before = seen.length
    expect(await codeOf(outbound(`http://127.0.0.1:${port}/redirect-metadata`))).toBe(
      'ERR_OUTBOUND_ADDRESS_REFUSED',
    )
    expect(seen.length).toBe(before + 1)
  })

  it('abandons a silent server at the header timeout', async () => {
    const outbound = createServerOutbound(devConfig({ OUTBOUND_HEADERS_TIMEOUT_MS: '300' }))
    const started = Date.now()
    expect(await codeOf(outbound(`http://127.0.0.1:${port}/silent`))).toBe('ERR_OUTBOUND_TIMEOUT')
    expect(Date.now() - started).toBeLessThan(2000)
  })

  it('cuts off a body that drips past the body timeout', async () => {
    const outbound = createServerOutbound(devConfig({ OUTBOUND_BODY_TIMEOUT_MS: '300' }))
    const response = await outbound(`http://127.0.0.1:${port}/drip`)
    const started = Date.now()
    expect(await codeOf(response.text())).toBe('ERR_OUTBOUND_TIMEOUT')
    expect(Date.now() - started).toBeLessThan(2000)
  })

  it('stops reading past the size cap', async () => {
    const outbound = createServerOutbound(devConfig({ OUTBOUND_MAX_RESPONSE_BYTES: '4096' }))
    const response = await outbound(`http://127.0.0.1:${port}/big`)
    expect(await codeOf(response.text())).toBe('ERR_OUTBOUND_TOO_LARGE')
  })

  it('refuses loopback and http with an https PUBLIC_URL in production', async () => {
    const production = loadConfig({
      env: {
        NODE_ENV: 'production',
        PUBLIC_URL: 'https://lti.example.edu',
        LTIHUB_SECRET: 'x'.repeat(43),
      },
    })
    const outbound = createServerOutbound(production, {
      resolve: loopbackResolver,
      connect: () => Promise.reject(new Error('must not connect')),
    })
    expect(await codeOf(outbound(`http://127.0.0.1:${port}/`))).toBe('ERR_OUTBOUND_ADDRESS_REFUSED')
    expect(await codeOf(outbound(`https://localhost:${port}/`))).toBe(
      'ERR_OUTBOUND_ADDRESS_REFUSED',
    )
    expect(await codeOf(outbound('https://tool.test/'))).toBe('ERR_OUTBOUND_ADDRESS_REFUSED')
  })

  it('resolves names with the system resolver', async () => {
    expect((await systemResolver('localhost')).map((found) => found.address)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^(127\.0\.0\.1|::1)$/)]),
    )
  })

  it('names the version of packages/server/package.json', () => {
    const pkg = JSON.parse(
      readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
    ) as { version: string }
    expect(LTIHUB_VERSION).toBe(pkg.version)
  })
})

import { createServer, type Server } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from '../../testing/server.js'
import { createSchoolFixture } from '../school/fixture.js'
import { signInAs, testSignInFeature } from '../school/test-session.js'

/*
 * A cartridge URL whose server sends its headers at once, then drips the body a byte at a time,
 * forever: the outbound client cuts it off at its body timeout, and the route answers that as a
 * problem with the outbound code, never a 500 (issue 9).
 */

const NOW = Date.UTC(2026, 8, 1)
let server: TestServer
let dripping: Server
let origin = ''
let admin = ''
const sockets = new Set<Socket>()
const timers = new Set<NodeJS.Timeout>()

beforeAll(async () => {
  dripping = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/xml' })
    response.write('<?xml version="1.0" encoding="UTF-8"?>')
    const timer = setInterval(() => response.write(' '), 50)
    timers.add(timer)
  })
  dripping.on('connection', (socket) => {
    sockets.add(socket)
    socket.once('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve) => dripping.listen(0, '127.0.0.1', resolve))
  origin = `http://127.0.0.1:${(dripping.address() as AddressInfo).port}`
  // A development instance (http on loopback) may fetch loopback URLs; the body may take 400 ms.
  server = await startTestServer({
    extraFeatures: [testSignInFeature],
    clock: () => NOW,
    env: { OUTBOUND_BODY_TIMEOUT_MS: '400' },
  })
  const f = await createSchoolFixture(server.context.db, NOW)
  admin = await signInAs(server.url, { id: f.admin.id, name: 'Ada', roles: ['administrator'] })
})

afterAll(async () => {
  for (const timer of timers) clearInterval(timer)
  for (const socket of sockets) socket.destroy()
  await new Promise<void>((resolve) => dripping.close(() => resolve()))
  await server.close()
})

describe('issue 9: cartridge import from a dripping URL', () => {
  it('issue 9: a cartridge body that drips past the timeout is a 504 ERR_OUTBOUND_TIMEOUT problem, not 500', async () => {
    const api = (path: string, body: unknown) =>
      fetch(`${server.url}/api/platform${path}`, {
        method: 'POST',
        headers: { cookie: admin, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      })
    const app = await api('/applications', {
      custom: {
        name: 'Dripping tool',
        launchUrl: `${origin}/lti`,
        supportedTypes: ['learning-tool'],
        ltiVersions: ['1.1'],
      },
    })
    expect(app.status).toBe(201)
    const { id } = (await app.json()) as { id: string }
    const answer = await api(`/applications/${id}/cartridge`, { url: `${origin}/cartridge.xml` })
    expect(answer.status).toBe(504)
    expect(answer.headers.get('content-type')).toBe('application/problem+json; charset=utf-8')
    expect(await answer.json()).toMatchObject({ status: 504, code: 'ERR_OUTBOUND_TIMEOUT' })
  })
})

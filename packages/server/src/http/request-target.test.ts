import type { IncomingMessage } from 'node:http'
import { connect } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from '../testing/server.js'
import { refusedTarget, requestTargetRewriter } from './request-target.js'

/** Sends raw bytes over a socket (fetch cannot write an absolute-form request line). */
function raw(
  server: TestServer,
  request: string,
): Promise<{ status: number; head: string; body: string }> {
  const { port } = new URL(server.url)
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1', () => socket.end(request))
    let text = ''
    socket.setEncoding('utf8')
    socket.on('data', (chunk: string) => (text += chunk))
    socket.on('error', reject)
    socket.on('end', () => {
      const [head = '', body = ''] = text.split('\r\n\r\n', 2)
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0), head, body })
    })
  })
}

const form = (line: string, host: string) =>
  `${line}\r\nHost: ${host}\r\nContent-Type: application/x-www-form-urlencoded\r\n` +
  `Content-Length: 3\r\nConnection: close\r\n\r\na=b`

let server: TestServer

beforeAll(async () => {
  server = await startTestServer()
})

afterAll(async () => {
  await server.close()
})

describe('issue 9: request targets', () => {
  it('issue 9: an absolute-form target naming another host on platform routes is a 421 problem, not 500', async () => {
    const answer = await raw(
      server,
      form('POST http://evil.example/platform/token HTTP/1.1', 'evil.example'),
    )
    expect(answer.status).toBe(421)
    expect(answer.head.toLowerCase()).toContain('content-type: application/problem+json')
    expect(JSON.parse(answer.body)).toMatchObject({
      status: 421,
      code: 'ERR_LTIHUB_MISDIRECTED_REQUEST',
    })
    for (const path of ['/tool/lti/login', '/api/tool/courses', '/no-such-route']) {
      const other = await raw(server, form(`POST http://evil.example${path} HTTP/1.1`, 'x'))
      expect([path, other.status, other.body]).toEqual([path, 421, expect.any(String)])
    }
    expect(server.logs.some((line) => line['level'] === 50)).toBe(false)
  })

  it('issue 9: an absolute-form target naming this server is served by its path', async () => {
    const host = new URL(server.config.publicUrl).host
    const answer = await raw(
      server,
      `GET http://${host}/health HTTP/1.1\r\nHost: ignored.example\r\nConnection: close\r\n\r\n`,
    )
    expect(answer.status).toBe(200)
    expect(JSON.parse(answer.body)).toMatchObject({ status: 'ok' })
  })

  it('issue 9: a target that is neither a path nor an http URL is a 400, never routed', async () => {
    // Node's parser refuses most such lines itself; the rewriter refuses what it lets through.
    const answer = await raw(
      server,
      'GET mailto:someone@example.test HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
    )
    expect(answer.status).toBe(400)
    const rewrite = requestTargetRewriter('https://ltihub.example.test/')
    const request = { url: 'urn:isbn:0451450523' } as IncomingMessage
    expect(rewrite(request)).toBe('/')
    expect(refusedTarget(request)).toBe('ERR_LTIHUB_BAD_REQUEST_TARGET')
    const own = { url: 'https://ltihub.example.test/health?x=1' } as IncomingMessage
    expect(rewrite(own)).toBe('/health?x=1')
    expect(refusedTarget(own)).toBeUndefined()
  })
})

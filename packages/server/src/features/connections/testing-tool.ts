/**
 * Test helper: a tiny real tool on a loopback port. It verifies LTI 1.1 launches with the core
 * OAuth 1 verifier (its own nonce store, the real clock), answers OIDC login initiation by
 * redirecting to the issuer's authorization endpoint, and serves a JWKS.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { MemoryNonceStore } from '@ltihub/core'
import { verifyOAuth1 } from '@ltihub/core/oauth1'

export const TOOL_KEY = 'tool-key'
export const TOOL_SECRET = 'tool-shared-secret-xyz'

const CARTRIDGE = `<?xml version="1.0" encoding="UTF-8"?>
<cartridge_basiclti_link xmlns="http://www.imsglobal.org/xsd/imslticc_v1p0"
  xmlns:blti="http://www.imsglobal.org/xsd/imsbasiclti_v1p0"
  xmlns:lticm="http://www.imsglobal.org/xsd/imslticm_v1p0"
  xmlns:lticp="http://www.imsglobal.org/xsd/imslticp_v1p0">
  <blti:title>Cartridge Quiz</blti:title>
  <blti:description>Quizzes from a cartridge</blti:description>
  <blti:custom>
    <lticm:property name="unit">$Context.id</lticm:property>
  </blti:custom>
  <blti:launch_url>LAUNCH</blti:launch_url>
</cartridge_basiclti_link>`

/** Cartridges the tool serves, by path (`LAUNCH` becomes the tool's launch URL). */
const CARTRIDGES: Record<string, string> = {
  '/cartridge.xml': CARTRIDGE,
  '/not-a-cartridge.xml': '<html><body>hello</body></html>',
  '/doctype.xml': '<!DOCTYPE x [<!ENTITY a "b">]><cartridge_basiclti_link/>',
  '/huge.xml': `<cartridge_basiclti_link>${'x'.repeat(300 * 1024)}</cartridge_basiclti_link>`,
}

export interface LoopbackTool {
  readonly url: string
  readonly server: Server
  /** Every launch the tool verified: the parameters it received. */
  readonly launches: Record<string, string>[]
  /** The query of every login initiation the tool received. */
  readonly logins: URLSearchParams[]
  jwks: unknown
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = ''
    request.setEncoding('utf8')
    request.on('data', (chunk: string) => (body += chunk))
    request.on('end', () => resolve(body))
    request.on('error', reject)
  })
}

/** A tiny real tool: verifies OAuth 1 launches, answers login initiation, serves its JWKS. */
export async function startLoopbackTool(): Promise<LoopbackTool> {
  const nonces = new MemoryNonceStore()
  const state: LoopbackTool = {
    url: '',
    server: createServer(),
    launches: [],
    logins: [],
    jwks: { keys: [] },
  }
  state.server.on('request', (request, response) => {
    void (async () => {
      const url = new URL(request.url ?? '/', state.url)
      if (request.method === 'POST' && url.pathname === '/lti') {
        const params = [...new URLSearchParams(await readBody(request)).entries()]
        try {
          await verifyOAuth1({
            method: 'POST',
            url: url.href,
            params,
            nonceStore: nonces,
            lookupConsumerSecret: async (key) => (key === TOOL_KEY ? TOOL_SECRET : undefined),
          })
          state.launches.push(Object.fromEntries(params))
          response.writeHead(200, { 'content-type': 'text/html' }).end('<p>welcome</p>')
        } catch {
          response.writeHead(401).end('bad signature')
        }
        return
      }
      if (url.pathname === '/login') {
        state.logins.push(url.searchParams)
        const auth = new URL(`${url.searchParams.get('iss') ?? ''}/platform/authorize`)
        auth.searchParams.set('client_id', url.searchParams.get('client_id') ?? '')
        response.writeHead(302, { location: auth.href }).end()
        return
      }
      const cartridge = CARTRIDGES[url.pathname]
      if (cartridge !== undefined) {
        response
          .writeHead(200, { 'content-type': 'application/xml' })
          .end(cartridge.replace('LAUNCH', `${state.url}/lti`))
        return
      }
      if (url.pathname === '/jwks') {
        response
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify(state.jwks))
        return
      }
      response.writeHead(404).end()
    })()
  })
  await new Promise<void>((resolve) => state.server.listen(0, '127.0.0.1', resolve))
  const { port } = state.server.address() as AddressInfo
  return Object.assign(state, { url: `http://127.0.0.1:${port}` })
}

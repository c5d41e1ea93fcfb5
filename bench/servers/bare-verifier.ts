// The baseline of the tool launch benchmark: a bare node:http server that does only the
// cryptographic minimum of a launch. GET /login answers the same "continue" link shape as the tool
// (a fresh state and nonce, nothing stored); POST /launch parses the form and verifies the id_token
// with jose (RS256, issuer, audience, expiry) against the platform's JWKS (createRemoteJWKSet,
// fetched once and cached), then answers 303. Prints `ready <url>`.
//
//   node --conditions=source --import tsx bench/servers/bare-verifier.ts <jwks-origin> <issuer> <client-id>
import { randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createRemoteJWKSet, jwtVerify } from 'jose'
import { profileOnSignal } from './profiling.js'

const [origin, issuerArg, clientIdArg] = process.argv.slice(2)
if (origin === undefined || issuerArg === undefined || clientIdArg === undefined) {
  throw new TypeError('usage: bare-verifier.ts <jwks-origin> <issuer> <client-id>')
}
const issuer: string = issuerArg
const clientId: string = clientIdArg
const jwks = createRemoteJWKSet(new URL(`${origin}/jwks`))

function login(res: ServerResponse) {
  const state = randomBytes(16).toString('base64url')
  const nonce = randomBytes(16).toString('base64url')
  const href = `${origin}/auth?state=${state}&amp;nonce=${nonce}`
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
  res.end(`<!DOCTYPE html><a id="ltihub-continue" href="${href}">Continue</a>`)
}

async function launch(req: IncomingMessage, res: ServerResponse) {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  const idToken = new URLSearchParams(Buffer.concat(chunks).toString()).get('id_token') ?? ''
  try {
    await jwtVerify(idToken, jwks, { issuer, audience: clientId, algorithms: ['RS256'] })
    res.writeHead(303, { location: '/learn' }).end()
  } catch {
    res.writeHead(401).end()
  }
}

const server = createServer((req, res) => {
  const path = (req.url ?? '/').split('?')[0]
  if (req.method === 'GET' && path === '/login') return login(res)
  if (req.method === 'POST' && path === '/launch') {
    return void launch(req, res).catch(() => res.writeHead(500).end())
  }
  res.writeHead(404).end()
})
server.keepAliveTimeout = 60_000
profileOnSignal()
server.listen(0, '127.0.0.1', () => {
  console.log(`ready http://127.0.0.1:${(server.address() as AddressInfo).port}`)
})
process.once('SIGTERM', () => server.close(() => process.exit(0)))

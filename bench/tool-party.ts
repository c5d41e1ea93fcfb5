// The other party, played by the driver: a fresh RS256 key whose JWKS is served on loopback. As the
// tool (platform benchmarks) the platform fetches it to check client assertions at its token
// endpoint; as the platform (tool benchmark) the tool fetches it to verify the id_tokens.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createKeyRing, generateSigningKey, publicJwks, type SigningKey } from '@ltihub/core/keys'

export interface ToolParty {
  readonly origin: string
  readonly signingKey: SigningKey
  close(): Promise<void>
}

export async function startToolParty(): Promise<ToolParty> {
  const signingKey = await generateSigningKey()
  const jwks = JSON.stringify(publicJwks(createKeyRing({ current: signingKey })))
  const server: Server = createServer((req, res) => {
    if (req.url === '/jwks') res.writeHead(200, { 'content-type': 'application/json' }).end(jwks)
    else res.writeHead(404).end()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    origin,
    signingKey,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

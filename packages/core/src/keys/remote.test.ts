import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { exportJWK, jwtVerify, SignJWT } from 'jose'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import type { LtiError } from '../errors/lti-error.js'
import { RemoteKeySets } from './remote.js'
import { generateSigningKey } from './signing-key.js'
import type { JsonWebKeySet, KeyResolver, SigningKey } from './types.js'

type Handler = (request: IncomingMessage, response: ServerResponse) => void

let server: Server
let base: string
let handler: Handler
let requests: IncomingMessage[]
let keyA: SigningKey
let keyB: SigningKey

const json =
  (body: unknown): Handler =>
  (_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' })
    response.end(typeof body === 'string' ? body : JSON.stringify(body))
  }
const jwksOf = (...keys: SigningKey[]): JsonWebKeySet => ({ keys: keys.map((k) => k.publicJwk) })

beforeAll(async () => {
  ;[keyA, keyB] = await Promise.all([
    generateSigningKey({ kid: 'a' }),
    generateSigningKey({ kid: 'b' }),
  ])
  server = createServer((request, response) => {
    requests.push(request)
    handler(request, response)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
})

beforeEach(() => {
  requests = []
  handler = json(jwksOf(keyA))
  vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-01-01T00:00:00Z') })
})

afterEach(() => {
  vi.useRealTimers()
})

function token(key: SigningKey, kid: string | null = key.kid): Promise<string> {
  return new SignJWT({ sub: 'x' })
    .setProtectedHeader({ alg: key.alg, ...(kid === null ? {} : { kid }) })
    .sign(key.privateKey)
}

/** Signs without jose, which (rightly) refuses to sign with a short RSA key. */
async function rawToken(header: object, privateKey: CryptoKey): Promise<string> {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url')
  const input = `${encode(header)}.${encode({ sub: 'x' })}`
  const signature = await crypto.subtle.sign(
    'RSASSA-PKCS1-v1_5',
    privateKey,
    new TextEncoder().encode(input),
  )
  return `${input}.${Buffer.from(signature).toString('base64url')}`
}

async function verify(resolver: KeyResolver, jwt: string): Promise<string> {
  const { payload } = await jwtVerify(jwt, resolver, { algorithms: ['RS256'] })
  return String(payload.sub)
}

async function failure(resolver: KeyResolver, jwt: string): Promise<LtiError> {
  return (await verify(resolver, jwt).then(
    () => {
      throw new Error('expected a failure')
    },
    (error: unknown) => error,
  )) as LtiError
}

describe('RemoteKeySets caching', () => {
  it('fetches once for 100 verifications', async () => {
    const resolver = new RemoteKeySets().resolver(`${base}/jwks`)
    const jwt = await token(keyA)
    for (let i = 0; i < 100; i++) expect(await verify(resolver, jwt)).toBe('x')
    expect(requests).toHaveLength(1)
  })

  it('fetches once for 100 concurrent verifications', async () => {
    const resolver = new RemoteKeySets().resolver(`${base}/jwks`)
    const jwt = await token(keyA)
    await Promise.all(Array.from({ length: 100 }, () => verify(resolver, jwt)))
    expect(requests).toHaveLength(1)
  })

  it('returns the same resolver for the same URL and another for another URL', () => {
    const keySets = new RemoteKeySets()
    const resolver = keySets.resolver(`${base}/jwks`)
    expect(keySets.resolver(`${base}/jwks#ignored`)).toBe(resolver)
    expect(keySets.resolver(`${base}/other`)).not.toBe(resolver)
  })

  it('refetches once for an unknown kid, and not again within the cooldown', async () => {
    const resolver = new RemoteKeySets({ cooldownMs: 30_000 }).resolver(`${base}/jwks`)
    await verify(resolver, await token(keyA))
    vi.advanceTimersByTime(30_001)
    const unknown = await token(keyB)
    expect(await failure(resolver, unknown)).toMatchObject({ code: 'ERR_LTI_KID_UNKNOWN' })
    expect(requests).toHaveLength(2)
    // A burst of forged kids within the cooldown costs no fetch at all.
    for (let i = 0; i < 20; i++) {
      const forged = await token(keyB, `forged-${i}`)
      expect(await failure(resolver, forged)).toMatchObject({ code: 'ERR_LTI_KID_UNKNOWN' })
    }
    expect(requests).toHaveLength(2)
  })

  it('picks up a rotated key once the cooldown has passed', async () => {
    const resolver = new RemoteKeySets({ cooldownMs: 30_000 }).resolver(`${base}/jwks`)
    await verify(resolver, await token(keyA))
    handler = json(jwksOf(keyB, keyA))
    const rotated = await token(keyB)
    vi.advanceTimersByTime(10_000)
    expect(await failure(resolver, rotated)).toMatchObject({ code: 'ERR_LTI_KID_UNKNOWN' })
    expect(requests).toHaveLength(1)
    vi.advanceTimersByTime(20_001)
    expect(await verify(resolver, rotated)).toBe('x')
    expect(await verify(resolver, await token(keyA))).toBe('x')
    expect(requests).toHaveLength(2)
  })

  it('fetches again once the cached set is older than maxAgeMs', async () => {
    const resolver = new RemoteKeySets({ maxAgeMs: 60_000 }).resolver(`${base}/jwks`)
    const jwt = await token(keyA)
    await verify(resolver, jwt)
    vi.advanceTimersByTime(59_000)
    await verify(resolver, jwt)
    expect(requests).toHaveLength(1)
    vi.advanceTimersByTime(2_000)
    await verify(resolver, jwt)
    expect(requests).toHaveLength(2)
  })

  it('sends the configured User-Agent and asks for JSON', async () => {
    const resolver = new RemoteKeySets({ userAgent: 'ltihub-test/1' }).resolver(`${base}/jwks`)
    await verify(resolver, await token(keyA))
    expect(requests[0]?.headers['user-agent']).toBe('ltihub-test/1')
    expect(requests[0]?.headers.accept).toContain('application/json')
  })

  it('uses an injected fetch', async () => {
    const injected = vi.fn((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init))
    const resolver = new RemoteKeySets({ fetch: injected }).resolver(`${base}/jwks`)
    await verify(resolver, await token(keyA))
    expect(injected).toHaveBeenCalledTimes(1)
  })
})

describe('RemoteKeySets failures', () => {
  const cases: [string, Handler, string][] = [
    ['HTTP 500', (_q, r) => r.writeHead(500).end('{}'), 'ERR_LTI_JWKS_UNREACHABLE'],
    [
      'a redirect',
      (_q, r) => r.writeHead(302, { location: '/x' }).end(),
      'ERR_LTI_JWKS_UNREACHABLE',
    ],
    ['invalid JSON', json('{"keys": ['), 'ERR_LTI_JWKS_INVALID'],
    ['invalid UTF-8', (_q, r) => r.end(Buffer.from([0xff, 0xfe])), 'ERR_LTI_JWKS_INVALID'],
    ['a JSON non-set', json({ foo: 1 }), 'ERR_LTI_JWKS_INVALID'],
    ['no matching key', (q, r) => json(jwksOf(keyB))(q, r), 'ERR_LTI_KID_UNKNOWN'],
    ['an oversize body', json({ keys: [], pad: 'x'.repeat(300_000) }), 'ERR_LTI_JWKS_INVALID'],
  ]

  it.each(cases)('reports %s', async (_name, serve, code) => {
    handler = serve
    const resolver = new RemoteKeySets().resolver(`${base}/jwks`)
    expect(await failure(resolver, await token(keyA))).toMatchObject({ code })
  })

  it('reports a key set that holds a private key', async () => {
    handler = json({ keys: [{ ...(await exportJWK(keyA.privateKey)), kid: 'a', alg: 'RS256' }] })
    const resolver = new RemoteKeySets().resolver(`${base}/jwks`)
    expect(await failure(resolver, await token(keyA))).toMatchObject({
      code: 'ERR_LTI_JWKS_INVALID',
    })
  })

  it('reports a kid that two keys share', async () => {
    handler = json({ keys: [keyA.publicJwk, { ...keyB.publicJwk, kid: 'a' }] })
    const resolver = new RemoteKeySets().resolver(`${base}/jwks`)
    expect(await failure(resolver, await token(keyA))).toMatchObject({
      code: 'ERR_LTI_JWKS_INVALID',
    })
  })

  it('reports an RSA key below 2048 bits', async () => {
    const pair = await crypto.subtle.generateKey(
      {
        name: 'RSASSA-PKCS1-v1_5',
        modulusLength: 1024,
        publicExponent: new Uint8Array([1, 0, 1]),
        hash: 'SHA-256',
      },
      true,
      ['sign', 'verify'],
    )
    handler = json({ keys: [{ ...(await exportJWK(pair.publicKey)), kid: 'weak', alg: 'RS256' }] })
    const jwt = await rawToken({ alg: 'RS256', kid: 'weak' }, pair.privateKey)
    const resolver = new RemoteKeySets().resolver(`${base}/jwks`)
    expect(await failure(resolver, jwt)).toMatchObject({ code: 'ERR_LTI_KEY_INVALID' })
  })

  it('reports a timeout', async () => {
    handler = () => undefined // never answers
    const resolver = new RemoteKeySets({ timeoutMs: 100 }).resolver(`${base}/jwks`)
    expect(await failure(resolver, await token(keyA))).toMatchObject({
      code: 'ERR_LTI_JWKS_UNREACHABLE',
    })
  })

  it('reports a refused connection', async () => {
    const closed = createServer()
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
    const port = (closed.address() as AddressInfo).port
    await new Promise((resolve) => closed.close(resolve))
    const resolver = new RemoteKeySets().resolver(`http://127.0.0.1:${port}/jwks`)
    expect(await failure(resolver, await token(keyA))).toMatchObject({
      code: 'ERR_LTI_JWKS_UNREACHABLE',
    })
  })

  it('does not fetch again during the failure backoff, then recovers', async () => {
    handler = (_q, r) => r.writeHead(503).end()
    const resolver = new RemoteKeySets({ failureBackoffMs: 5_000 }).resolver(`${base}/jwks`)
    const jwt = await token(keyA)
    for (let i = 0; i < 10; i++) {
      expect(await failure(resolver, jwt)).toMatchObject({ code: 'ERR_LTI_JWKS_UNREACHABLE' })
    }
    expect(requests).toHaveLength(1)
    handler = json(jwksOf(keyA))
    vi.advanceTimersByTime(5_001)
    expect(await verify(resolver, jwt)).toBe('x')
    expect(requests).toHaveLength(2)
  })

  it('requires a kid before any fetch', async () => {
    const resolver = new RemoteKeySets().resolver(`${base}/jwks`)
    expect(await failure(resolver, await token(keyA, null))).toMatchObject({
      code: 'ERR_LTI_KID_MISSING',
    })
    expect(requests).toHaveLength(0)
  })
})

describe('RemoteKeySets URLs', () => {
  it.each([
    'http://platform.example/jwks',
    'ftp://platform.example/jwks',
    'file:///etc/passwd',
    '/relative/jwks',
    'not a url',
    'https://user:pass@platform.example/jwks',
    'http://localhost.evil.example/jwks',
    'http://127.0.0.2/jwks',
  ])('refuses %s', (url) => {
    expect(() => new RemoteKeySets().resolver(url)).toThrow(
      expect.objectContaining({ code: 'ERR_LTI_JWKS_URL_INVALID' }),
    )
  })

  it.each([
    'https://platform.example/jwks',
    'http://localhost:3000/jwks',
    'http://127.0.0.1/jwks',
    'http://[::1]:8080/jwks',
  ])('accepts %s', (url) => {
    expect(typeof new RemoteKeySets().resolver(url)).toBe('function')
  })

  it('throws TypeError for invalid options', () => {
    expect(() => new RemoteKeySets({ cooldownMs: -1 })).toThrow(TypeError)
    expect(() => new RemoteKeySets({ timeoutMs: 1.5 })).toThrow(TypeError)
    expect(() => new RemoteKeySets({ maxAgeMs: Number.NaN })).toThrow(TypeError)
  })

  it('forgets the oldest URL beyond maxKeySets', () => {
    const keySets = new RemoteKeySets({ maxKeySets: 2 })
    const first = keySets.resolver('https://a.example/jwks')
    keySets.resolver('https://b.example/jwks')
    keySets.resolver('https://c.example/jwks')
    expect(keySets.resolver('https://a.example/jwks')).not.toBe(first)
  })
})

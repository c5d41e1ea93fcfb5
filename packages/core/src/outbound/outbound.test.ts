import { describe, expect, it } from 'vitest'
import { isLtiError } from '../errors/lti-error.js'
import {
  createOutboundFetch,
  type OutboundClientOptions,
  type OutboundConnection,
  type ResolvedAddress,
} from './client.js'
import { classifyAddress } from './address.js'
import { parseAllowList } from './policy.js'

/** A fake network: names resolve through `names`, and connecting returns `answer`'s response. */
function network(
  names: Record<string, readonly string[]> = {},
  answer: (connection: OutboundConnection) => Promise<Response> | Response = () =>
    new Response('ok'),
) {
  const connections: OutboundConnection[] = []
  const resolve = (hostname: string): Promise<readonly ResolvedAddress[]> => {
    const found = names[hostname]
    if (found === undefined) return Promise.reject(new Error(`ENOTFOUND ${hostname}`))
    return Promise.resolve(
      found.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })),
    )
  }
  const connect = async (connection: OutboundConnection) => {
    connections.push(connection)
    return answer(connection)
  }
  return { resolve, connect, connections }
}

const PUBLIC = '93.184.215.14'

function client(net: ReturnType<typeof network>, extra: Partial<OutboundClientOptions> = {}) {
  return createOutboundFetch({
    resolve: net.resolve,
    connect: net.connect,
    userAgent: 'ltihub/9.9.9',
    ...extra,
  })
}

async function codeOf(work: Promise<unknown>): Promise<string> {
  const error = await work.then(
    () => undefined,
    (caught: unknown) => caught,
  )
  if (!isLtiError(error)) throw new Error(`expected an LtiError, got ${String(error)}`)
  return error.code
}

/** Every spelling the WHATWG URL parser accepts for an internal address, and what it is. */
const REFUSED_SPELLINGS = [
  'https://2130706433/',
  'https://0177.0.0.1/',
  'https://0x7f000001/',
  'https://0x7f.0.0.1/',
  'https://127.1/',
  'https://127.0.0.1:8443/',
  'https://[::1]/',
  'https://[::ffff:127.0.0.1]/',
  'https://[::ffff:7f00:1]/',
  'https://[0:0:0:0:0:ffff:a00:1]/',
  'https://0.0.0.0/',
  'https://0/',
  'https://[::]/',
  'https://localhost/',
  'https://LOCALHOST./',
  'https://api.localhost/',
  'https://169.254.169.254/latest/meta-data/',
  'https://[fe80::1]/',
  'https://10.255.255.1/',
  'https://172.16.0.1/',
  'https://192.168.1.1/',
  'https://100.64.0.1/',
  'https://[fd00::1]/',
  'https://[fc00::1]/',
  'https://224.0.0.1/',
  'https://[ff02::1]/',
  'https://255.255.255.255/',
  'https://192.0.2.1/',
  'https://198.51.100.7/',
  'https://203.0.113.9/',
  'https://198.18.0.1/',
  'https://240.0.0.1/',
  'https://[2001:db8::1]/',
  'https://[64:ff9b::7f00:1]/',
  'https://[64:ff9b::a9fe:a9fe]/',
  'https://[2002:7f00:1::]/',
  'https://[2002:c0a8:101::1]/',
  'https://[2001:0:4136:e378:8000:63bf:80ff:fffe]/',
]

describe('createOutboundFetch: addresses', () => {
  it.each(REFUSED_SPELLINGS)('refuses %s before any connection', async (url) => {
    const net = network()
    expect(await codeOf(client(net)(url))).toBe('ERR_OUTBOUND_ADDRESS_REFUSED')
    expect(net.connections).toEqual([])
  })

  it.each([
    ['loopback', '127.0.0.1'],
    ['link-local metadata', '169.254.169.254'],
    ['RFC 1918', '10.1.2.3'],
    ['unique-local', 'fd12:3456::1'],
    ['IPv4-mapped loopback', '::ffff:127.0.0.1'],
  ])('refuses a name that resolves to %s', async (_kind, address) => {
    const net = network({ 'tool.example': [address] })
    expect(await codeOf(client(net)('https://tool.example/jwks'))).toBe(
      'ERR_OUTBOUND_ADDRESS_REFUSED',
    )
    expect(net.connections).toEqual([])
  })

  it('refuses a name when any of its addresses is internal (no picking the good one)', async () => {
    const net = network({ 'tool.example': [PUBLIC, '10.0.0.1'] })
    expect(await codeOf(client(net)('https://tool.example/'))).toBe('ERR_OUTBOUND_ADDRESS_REFUSED')
    expect(net.connections).toEqual([])
  })

  it('connects to the checked address, keeping the URL (Host, SNI) and sending its User-Agent', async () => {
    const net = network({ 'tool.example': [PUBLIC, '2606:2800:21f:cb07:6820:80da:af6b:8b2c'] })
    const response = await client(net)('https://tool.example/jwks', {
      headers: { 'user-agent': 'other' },
    })
    expect(await response.text()).toBe('ok')
    expect(net.connections).toHaveLength(1)
    const [connection] = net.connections
    expect(connection?.target).toEqual({ address: PUBLIC, family: 4 })
    expect(connection?.request.url).toBe('https://tool.example/jwks')
    expect(connection?.request.headers.get('user-agent')).toBe('ltihub/9.9.9')
  })

  it('reports a name that does not resolve with its own code', async () => {
    expect(await codeOf(client(network())('https://nowhere.example/'))).toBe(
      'ERR_OUTBOUND_UNRESOLVED',
    )
  })

  it('refuses plain http and other schemes to public hosts', async () => {
    const net = network({ 'tool.example': [PUBLIC] })
    expect(await codeOf(client(net)('http://tool.example/'))).toBe('ERR_OUTBOUND_INSECURE_SCHEME')
    expect(await codeOf(client(net)('ftp://tool.example/'))).toBe('ERR_OUTBOUND_INSECURE_SCHEME')
    expect(net.connections).toEqual([])
  })
})

describe('createOutboundFetch: operator allow-list and development loopback', () => {
  it('calls allow-listed hosts and networks, over http too', async () => {
    const net = network({ 'grades.school.internal': ['10.1.2.3'], 'lms.corp': ['172.20.0.5'] })
    const outbound = client(net, { policy: { allow: ['*.school.internal', '172.20.0.0/16'] } })
    await outbound('http://grades.school.internal/')
    await outbound('https://lms.corp/')
    await outbound('https://172.20.9.9/')
    expect(net.connections.map((c) => c.target.address)).toEqual([
      '10.1.2.3',
      '172.20.0.5',
      '172.20.9.9',
    ])
    // Others stay refused.
    expect(await codeOf(outbound('https://10.1.2.3/'))).toBe('ERR_OUTBOUND_ADDRESS_REFUSED')
  })

  it('rejects a malformed allow-list entry at startup', () => {
    expect(() => parseAllowList(['10.0.0.0/33'])).toThrow(TypeError)
    expect(() => parseAllowList(['http://x'])).toThrow(TypeError)
  })

  it('lets a development instance call loopback over http, and nothing internal besides', async () => {
    const net = network({ localhost: ['127.0.0.1'], 'evil.example': ['10.0.0.1'] })
    const outbound = client(net, { policy: { dangerouslyAllowInsecureLoopback: true } })
    await outbound('http://localhost:3000/')
    await outbound('http://127.0.0.1:3000/')
    await outbound('http://[::1]:3000/')
    expect(net.connections).toHaveLength(3)
    expect(await codeOf(outbound('https://evil.example/'))).toBe('ERR_OUTBOUND_ADDRESS_REFUSED')
    expect(await codeOf(outbound('https://169.254.169.254/'))).toBe('ERR_OUTBOUND_ADDRESS_REFUSED')
  })

  it('does not believe a resolver that puts localhost elsewhere', async () => {
    const net = network({ localhost: [PUBLIC] })
    const outbound = client(net, { policy: { dangerouslyAllowInsecureLoopback: true } })
    expect(await codeOf(outbound('https://localhost/'))).toBe('ERR_OUTBOUND_ADDRESS_REFUSED')
  })
})

const redirect = (location: string, status = 302) =>
  new Response(null, { status, headers: { location } })

describe('createOutboundFetch: redirects', () => {
  it('refuses a redirect to an internal address before connecting to it', async () => {
    const net = network({ 'tool.example': [PUBLIC] }, () => redirect('https://169.254.169.254/'))
    expect(await codeOf(client(net)('https://tool.example/'))).toBe('ERR_OUTBOUND_ADDRESS_REFUSED')
    expect(net.connections).toHaveLength(1)
  })

  it('follows at most three redirects', async () => {
    let hop = 0
    const net = network({ 'tool.example': [PUBLIC] }, () => redirect(`/hop/${++hop}`))
    expect(await codeOf(client(net)('https://tool.example/'))).toBe(
      'ERR_OUTBOUND_TOO_MANY_REDIRECTS',
    )
    expect(net.connections).toHaveLength(4)
  })

  it('turns a 303 into a GET and drops credentials when the origin changes', async () => {
    const net = network({ 'a.example': [PUBLIC], 'b.example': [PUBLIC] }, ({ request }) =>
      request.url.startsWith('https://a.example')
        ? redirect('https://b.example/next', 303)
        : new Response('done'),
    )
    const response = await client(net)('https://a.example/', {
      method: 'POST',
      body: 'x=1',
      headers: { authorization: 'Bearer secret' },
    })
    expect(await response.text()).toBe('done')
    const second = net.connections[1]?.request
    expect(second?.method).toBe('GET')
    expect(second?.headers.get('authorization')).toBeNull()
  })

  it('keeps method and body through a 307', async () => {
    const bodies: string[] = []
    const net = network({ 'a.example': [PUBLIC] }, async ({ request }) => {
      bodies.push(await request.text())
      return request.url.endsWith('/first') ? redirect('/second', 307) : new Response('ok')
    })
    await client(net)('https://a.example/first', { method: 'PUT', body: 'payload' })
    expect(bodies).toEqual(['payload', 'payload'])
  })

  it('returns the redirect itself for redirect: "manual" and refuses it for "error"', async () => {
    const net = network({ 'a.example': [PUBLIC] }, () => redirect('https://10.0.0.1/'))
    const manual = await client(net)('https://a.example/', { redirect: 'manual' })
    expect(manual.status).toBe(302)
    expect(await codeOf(client(net)('https://a.example/', { redirect: 'error' }))).toBe(
      'ERR_OUTBOUND_REDIRECT_REFUSED',
    )
  })
})

function drip(): ReadableStream<Uint8Array> {
  let timer: ReturnType<typeof setInterval> | undefined
  return new ReadableStream<Uint8Array>({
    start(controller) {
      timer = setInterval(() => controller.enqueue(new Uint8Array([32])), 10)
    },
    cancel() {
      clearInterval(timer)
    },
  })
}

describe('createOutboundFetch: time and size', () => {
  const fast = { headersTimeoutMs: 100, bodyTimeoutMs: 150, connectTimeoutMs: 50 }

  it('abandons a server that never answers at the header timeout', async () => {
    const net = network({ 'a.example': [PUBLIC] }, () => new Promise<Response>(() => undefined))
    const started = Date.now()
    expect(await codeOf(client(net, { limits: fast })('https://a.example/'))).toBe(
      'ERR_OUTBOUND_TIMEOUT',
    )
    expect(Date.now() - started).toBeLessThan(1000)
    expect(net.connections[0]?.signal.aborted).toBe(true)
    expect(net.connections[0]?.connectTimeoutMs).toBe(50)
  })

  it('cuts off a body that drips past the body timeout', async () => {
    const net = network({ 'a.example': [PUBLIC] }, () => new Response(drip()))
    const response = await client(net, { limits: fast })('https://a.example/')
    expect(await codeOf(response.text())).toBe('ERR_OUTBOUND_TIMEOUT')
  })

  it('refuses a declared or counted body over the size cap', async () => {
    const big = 'x'.repeat(2048)
    const declared = network(
      { 'a.example': [PUBLIC] },
      () => new Response(big, { headers: { 'content-length': '2048' } }),
    )
    const outbound = client(declared, { limits: { maxResponseBytes: 1024 } })
    expect(await codeOf(outbound('https://a.example/'))).toBe('ERR_OUTBOUND_TOO_LARGE')
    const counted = network({ 'a.example': [PUBLIC] }, () => new Response(new Blob([big]).stream()))
    const response = await client(counted, { limits: { maxResponseBytes: 1024 } })(
      'https://a.example/',
    )
    expect(await codeOf(response.arrayBuffer())).toBe('ERR_OUTBOUND_TOO_LARGE')
  })

  it('takes per-call limits through withLimits', async () => {
    const net = network({ 'a.example': [PUBLIC] }, () => new Response('x'.repeat(100)))
    const outbound = client(net)
    expect(await (await outbound('https://a.example/')).text()).toHaveLength(100)
    const small = outbound.withLimits({ maxResponseBytes: 10 })
    expect(await codeOf((await small('https://a.example/')).text())).toBe('ERR_OUTBOUND_TOO_LARGE')
    expect(() => outbound.withLimits({ headersTimeoutMs: 0 })).toThrow(TypeError)
  })

  it("honours the caller's own signal", async () => {
    const net = network({ 'a.example': [PUBLIC] }, () => new Promise<Response>(() => undefined))
    const error = await client(net)('https://a.example/', {
      signal: AbortSignal.timeout(20),
    }).catch((caught: unknown) => caught)
    expect((error as Error).name).toBe('TimeoutError')
  })
})

describe('classifyAddress', () => {
  it.each([
    ['8.8.8.8', 'public'],
    ['2606:4700:4700::1111', 'public'],
    ['64:ff9b::808:808', 'public'],
    ['127.0.0.2', 'loopback'],
    ['::1', 'loopback'],
    ['::ffff:10.0.0.1', 'internal'],
    ['100::1', 'internal'],
    ['not an address', 'internal'],
  ])('%s is %s', (address, kind) => {
    expect(classifyAddress(address).kind).toBe(kind)
  })
})

describe('OutboundFetch.check', () => {
  it('applies the policy without connecting', async () => {
    const net = network({ 'tool.example': [PUBLIC], 'inside.example': ['10.0.0.1'] })
    const outbound = client(net)
    await outbound.check('https://tool.example/jwks')
    expect(await codeOf(outbound.check('https://inside.example/'))).toBe(
      'ERR_OUTBOUND_ADDRESS_REFUSED',
    )
    expect(await codeOf(outbound.check('http://tool.example/'))).toBe(
      'ERR_OUTBOUND_INSECURE_SCHEME',
    )
    expect(net.connections).toEqual([])
  })
})

import type { FlattenedJWSInput } from 'jose'
import { testConnection } from '@ltihub/platform'
import type { OutboundConnection, ResolvedAddress } from '@ltihub/core'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { importCartridge } from '../features/connections/cartridge.js'
import { createPlatformRuntime, platformSettingsOf } from '../features/platform-lti/deps.js'
import { sqlLmsPorts } from '../features/platform-lti/sql-ports.js'
import { createConsumerKey, sqlRegistrationStore, sqlRosterSourceStore } from '@ltihub/kysely/tool'
import {
  postLaunch13,
  prepareLaunch13,
  publish,
  setUpTool,
  toolAddress,
  type ToolWorld,
} from '../features/tool-lti/testing/flow.js'
import { queueGrade, registerPlatform } from '../features/tool-lti/testing/outbox-items.js'
import { TestPlatform } from '../features/tool-lti/testing/test-platform.js'
import { ltiToolOf } from '../features/tool-lti/tool.js'
import { startTestServer, type TestServer } from '../testing/server.js'

/*
 * The outbound policy, feature by feature, in production mode (NODE_ENV=production, https
 * PUBLIC_URL): every fetching feature of both roles is pointed at internal addresses in every
 * spelling the URL parser accepts, and must refuse each one before a connection is made, with a
 * stable code. Nothing here dials anything: names resolve through an injected resolver, the
 * injected connector records and fails, and the global fetch refuses everything but this server.
 */

/** The one public host of the suite: it exists only in the injected resolver and connector. */
const REDIRECTOR = 'redirect.test'
/** A platform's token endpoint (public, answered by the connector), so NRPS calls get that far. */
const TOKEN_HOST = 'token.test'
const NAMES: Readonly<Record<string, readonly string[]>> = {
  'loopback.test': ['127.0.0.1'],
  'metadata.test': ['169.254.169.254'],
  'mixed.test': ['93.184.215.14', '10.0.0.7'],
  [REDIRECTOR]: ['93.184.215.14'],
  [TOKEN_HOST]: ['93.184.215.14'],
}

/** At least 20 spellings of internal addresses (the list and more), as origins. */
const REFUSED_ORIGINS = [
  'https://2130706433',
  'https://0177.0.0.1',
  'https://0x7f000001',
  'https://127.1',
  'https://[::1]',
  'https://[::ffff:127.0.0.1]',
  'https://0.0.0.0',
  'https://localhost',
  'https://169.254.169.254',
  'https://10.255.255.1',
  'https://172.16.0.1',
  'https://192.168.1.1',
  'https://100.64.0.1',
  'https://[fd00::1]',
  'https://[fe80::1]',
  'https://[64:ff9b::a9fe:a9fe]',
  'https://[2002:7f00:1::]',
  'https://224.0.0.1',
  'https://192.0.2.1',
  'https://loopback.test',
  'https://metadata.test',
  'https://mixed.test',
  `https://${REDIRECTOR}`,
]

const connections: OutboundConnection[] = []

async function resolve(hostname: string): Promise<readonly ResolvedAddress[]> {
  const found = NAMES[hostname]
  if (found === undefined) throw new Error(`ENOTFOUND ${hostname}`)
  return found.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }))
}

/**
 * Answers the redirector with a redirect to the metadata address and the token host with a bearer
 * token; fails for anything else.
 */
async function connect(connection: OutboundConnection): Promise<Response> {
  connections.push(connection)
  const { hostname } = new URL(connection.request.url)
  if (hostname === TOKEN_HOST) {
    return Response.json({ access_token: 'token', token_type: 'Bearer', expires_in: 3600 })
  }
  if (hostname === REDIRECTOR) {
    return new Response(null, {
      status: 302,
      headers: { location: 'https://169.254.169.254/latest/meta-data/' },
    })
  }
  throw new Error(`the suite must not connect to ${connection.target.address}`)
}

/** Every ERR_ code in an error's chain, a report or a page. */
function codesIn(value: unknown, seen = new Set<unknown>()): string[] {
  if (value === null || value === undefined || seen.has(value)) return []
  seen.add(value)
  if (typeof value === 'string') return value.match(/ERR_[A-Z0-9_]+/g) ?? []
  if (value instanceof Error) {
    const own = 'code' in value && typeof value.code === 'string' ? [value.code] : []
    const detail = 'detail' in value ? codesIn(value.detail, seen) : []
    return [...own, ...detail, ...codesIn(value.message, seen), ...codesIn(value.cause, seen)]
  }
  return codesIn(JSON.stringify(value), seen)
}

let server: TestServer
/** Signs launches and answers authentication requests in-process; nothing ever calls it. */
let platform: TestPlatform
let world: ToolWorld
const realFetch = globalThis.fetch

beforeAll(async () => {
  server = await startTestServer({
    env: {
      NODE_ENV: 'production',
      PUBLIC_URL: 'https://lti.example.edu',
      RATE_LIMIT_REGISTRATION: '100000/1m',
    },
    outboundTransport: { resolve, connect },
  })
  platform = await TestPlatform.start(`${server.config.publicUrl}tool/lti/jwks`)
  world = await setUpTool(server.context, platform)
  // A library falling back to the global fetch would be caught here instead of dialling out.
  vi.stubGlobal('fetch', (input: RequestInfo | URL, init?: RequestInit) => {
    const url = input instanceof Request ? input.url : String(input)
    if (url.startsWith(server.url)) return realFetch(input, init)
    throw new Error(`global fetch used for ${url}`)
  })
}, 60_000)

afterAll(async () => {
  vi.unstubAllGlobals()
  await server?.close()
  await platform?.close()
})

const tester = {
  id: 'admin-1',
  kind: 'admin' as const,
  givenName: 'Ada',
  familyName: 'Admin',
  email: 'ada@example.edu',
  schoolIds: [],
  menteeIds: [],
  canUseExternalTools: true,
}

let registered = 0

/** Each fetching feature, pointed at `origin`: what it reported (errors, report, page). */
const FEATURES: Readonly<Record<string, (origin: string) => Promise<unknown>>> = {
  'platform: cartridge import': (origin) =>
    importCartridge(`${origin}/cartridge.xml`, server.config.publicUrl, server.context.outbound),
  "platform: a connection's tool JWKS (client assertions, launches)": async (origin) => {
    const runtime = await createPlatformRuntime(server.context, sqlLmsPorts)
    const header = { alg: 'RS256', kid: 'unknown' }
    const token: FlattenedJWSInput = { payload: '', signature: '' }
    return runtime.toolKeySets.resolver(`${origin}/jwks`)(header, token)
  },
  'platform: Test Connection (LTI 1.1 launch, LTI 1.3 login and keys)': async (origin) => {
    const settings = await platformSettingsOf(server.context)
    const report = await testConnection(
      { settings, clock: server.context.clock, fetch: server.context.outbound },
      {
        id: 'c1',
        schoolIds: [],
        privacy: { sendName: true, sendEmail: true },
        customParameters: {},
        lti11: { launchUrl: `${origin}/launch`, consumerKey: 'key', secret: 'secret' },
        lti13: {
          initiateLoginUri: `${origin}/login`,
          targetLinkUri: `${origin}/launch`,
          jwksUri: `${origin}/jwks`,
        },
      },
      tester,
    )
    const calls = new Set(['lti11.launch', 'lti13.login-url', 'lti13.jwks'])
    const reached = report.checks.filter((check) => calls.has(check.name))
    expect(reached).toHaveLength(3)
    return reached.map((check) => `${check.passed ? 'PASSED' : 'failed'} ${check.detail}`)
  },
  'tool: Dynamic Registration page': async (origin) => {
    const query = new URLSearchParams({
      openid_configuration: `${origin}/.well-known/openid-configuration`,
      registration_token: 'token',
    })
    const response = await realFetch(`${server.url}/tool/lti/register?${query}`)
    return `${response.status} ${await response.text()}`
  },
  'tool: grade delivery (token request, AGS score)': async (origin) => {
    const { db, clock } = server.context
    registered += 1
    const registrationId = await registerPlatform(db, clock, origin, {
      issuer: `https://platform-${registered}.example`,
      clientId: `client-${registered}`,
      prefix: `p${registered}`,
    })
    const platform = { registrationId, deploymentId: 'd1', lineItemUrl: `${origin}/lineitems/1` }
    const item = await queueGrade(db, platform, 'learner-1', clock())
    const report = await ltiToolOf(server.context).grades.deliverDue()
    return report.items.find((entry) => entry.id === item.id) ?? report
  },
  'tool: member sync, LTI 1.3 (a token, then the NRPS pull of a remembered context)': async (
    origin,
  ) => {
    const { db, clock } = server.context
    registered += 1
    const registrationId = await registerPlatform(db, clock, `https://${TOKEN_HOST}`, {
      issuer: `https://platform-${registered}.example`,
      clientId: `client-${registered}`,
      prefix: `p${registered}`,
    })
    const publication = await publish(server.context, world, {
      memberSync: { trigger: 'scheduled', mode: 'both' },
    })
    await sqlRosterSourceStore(db).save({
      kind: 'lti13',
      registrationId,
      deploymentId: 'd1',
      publicationId: publication.id,
      contextId: 'c1',
      membershipsUrl: `${origin}/memberships`,
      updatedAt: clock(),
    })
    const outcome = await ltiToolOf(server.context)
      .roster.sync(publication.id)
      .catch((error: unknown) => error)
    // The token request went out: the refusal is the memberships URL's, not the token's.
    const hosts = connections.map((connection) => new URL(connection.request.url).hostname)
    expect(hosts[0]).toBe(TOKEN_HOST)
    return outcome
  },
  'tool: member sync, LTI 1.1 (the signed NRPS pull of a remembered context)': async (origin) => {
    const { db } = server.context
    registered += 1
    const consumerKey = `roster-${registered}`
    await createConsumerKey(db, server.context, {
      key: consumerKey,
      secret: 'roster-shared-secret-0123456789',
      name: `Roster LMS ${registered}`,
      lmsIdPrefix: `r${registered}`,
      enabled: true,
    })
    const publication = await publish(server.context, world, {
      memberSync: { trigger: 'scheduled', mode: 'both' },
    })
    await sqlRosterSourceStore(db).save({
      kind: 'lti11',
      consumerKey,
      publicationId: publication.id,
      contextId: 'c1',
      membershipsUrl: `${origin}/memberships`,
      updatedAt: server.context.clock(),
    })
    return ltiToolOf(server.context).roster.sync(publication.id)
  },
  "tool: a registration's platform key set (login and launch over HTTP)": async (origin) => {
    await sqlRegistrationStore(server.context.db, server.context.clock).upsert({
      name: 'Key set LMS',
      issuer: platform.issuer,
      clientId: platform.clientId,
      authLoginUrl: 'https://lms.example.test/auth',
      authTokenUrl: 'https://lms.example.test/token',
      jwksUrl: `${origin}/jwks`,
      deploymentPolicy: 'accept',
      lmsIdPrefix: 'keys',
      enabled: true,
    })
    const user = { id: 'u-1', givenName: 'Ada', familyName: 'L', email: 'a@x.test' }
    const prepared = await prepareLaunch13(platform, toolAddress(server), user, {})
    const logged = server.logs.length
    const response = await postLaunch13(prepared)
    const page = await response.text()
    // The launch is refused (no session, no redirect to a learner page), and the log says why.
    expect(response.status).toBeGreaterThanOrEqual(400)
    const failures = server.logs.slice(logged).filter((l) => l['msg'] === 'tool request failed')
    expect(failures).toHaveLength(1)
    expect(failures[0]).toMatchObject({ endpoint: 'launch', code: 'ERR_LTI_JWKS_UNREACHABLE' })
    return { status: response.status, page, log: failures[0] }
  },
}

const REFUSAL = /ERR_(OUTBOUND_ADDRESS_REFUSED|LTI_DR_ADDRESS_REFUSED)/
/**
 * A redirect to an internal address: features that follow redirects refuse the target; those
 * that never follow one (key sets, registration, token requests) refuse the redirect itself.
 */
const REDIRECT_REFUSAL =
  /ERR_(OUTBOUND_ADDRESS_REFUSED|OUTBOUND_REDIRECT_REFUSED|LTI_JWKS_UNREACHABLE|LTI_UPSTREAM_INVALID_RESPONSE)/

describe.each(Object.entries(FEATURES))('outbound policy, production mode: %s', (_name, run) => {
  it.each(REFUSED_ORIGINS)('refuses %s before connecting, with a stable code', async (origin) => {
    connections.length = 0
    const outcome = await run(origin).then(
      (value: unknown) => value,
      (error: unknown) => error,
    )
    const codes = codesIn(outcome)
    const expected = origin.includes(REDIRECTOR) ? REDIRECT_REFUSAL : REFUSAL
    expect(codes.join(' '), JSON.stringify(codes)).toMatch(expected)
    // Only the redirector's own hop is connected to (a fake answer); never where it points.
    // The token host is a platform's own endpoint, never a refused origin.
    const hosts = connections
      .map((connection) => new URL(connection.request.url).hostname)
      .filter((host) => host !== TOKEN_HOST)
    expect(hosts.every((host) => host === REDIRECTOR)).toBe(true)
    if (!origin.includes(REDIRECTOR)) {
      expect(hosts).toEqual([])
      expect(JSON.stringify(outcome ?? null)).not.toContain('PASSED')
    }
  })
})

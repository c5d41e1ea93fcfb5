import { beforeEach, describe, expect, it } from 'vitest'
import { MemoryNonceStore, verifyLti11Launch } from '../internal/core.js'
import { createTestTool } from '../testing/test-tool.js'
import {
  createWorld,
  TOOL_ORIGIN,
  type World,
  WORLD_USERS,
  worldConnection,
} from '../testing/world.js'
import { testConnection } from './test-connection.js'

let world: World
let launches: Request[]

beforeEach(async () => {
  world = await createWorld()
  await createTestTool(world)
  launches = []
  // The tool: verifies LTI 1.1 launches with its secret, answers its login initiation URL.
  world.routes.set(`${TOOL_ORIGIN}/lti11/launch`, async (request) => {
    launches.push(request.clone())
    try {
      await verifyLti11Launch(request, {
        lookupConsumerSecret: (key) =>
          Promise.resolve(key === 'quizzly-key' ? 'quizzly-secret' : undefined),
        nonceStore: new MemoryNonceStore(world.deps.clock),
        clock: world.deps.clock,
      })
      return new Response('welcome', { status: 200 })
    } catch {
      return new Response('bad signature', { status: 401 })
    }
  })
  world.routes.set(
    `${TOOL_ORIGIN}/lti/login`,
    () => new Response('missing parameters', { status: 400 }),
  )
})

const byName = (report: Awaited<ReturnType<typeof testConnection>>) =>
  Object.fromEntries(report.checks.map((check) => [check.name, check]))

describe('testConnection', () => {
  it('passes a working LTI 1.1 + 1.3 connection, with a real signed launch', async () => {
    const report = await testConnection(world.deps, worldConnection(), WORLD_USERS.admin)
    expect(report.passed).toBe(true)
    expect(report.checks.map((c) => c.name)).toEqual([
      'user.email',
      'lti11.launch-url',
      'lti11.launch',
      'lti13.login-url',
      'lti13.jwks',
      'lti13.deployments',
    ])
    expect(byName(report)['lti11.launch']?.detail).toBe('HTTP 200')
    expect(byName(report)['lti13.jwks']?.detail).toBe('1 valid signing key(s)')
    const fields = Object.fromEntries(new URLSearchParams(await launches[0]?.text()))
    expect(fields).toMatchObject({
      oauth_consumer_key: 'quizzly-key',
      lis_person_contact_email_primary: 'admin@lms.example.edu',
    })
  })

  it('requires the user to have an email address', async () => {
    const report = await testConnection(world.deps, worldConnection(), WORLD_USERS.student2)
    expect(report).toEqual({
      passed: false,
      checks: [
        {
          name: 'user.email',
          passed: false,
          detail: 'the user performing the test needs an email address',
        },
      ],
    })
    expect(launches).toHaveLength(0)
  })

  it('reports a wrong secret as a refused launch', async () => {
    const connection = worldConnection({
      lti11: {
        launchUrl: `${TOOL_ORIGIN}/lti11/launch`,
        consumerKey: 'quizzly-key',
        secret: 'typo',
      },
    })
    const report = await testConnection(world.deps, connection, WORLD_USERS.admin)
    expect(report.passed).toBe(false)
    expect(byName(report)['lti11.launch']).toEqual({
      name: 'lti11.launch',
      passed: false,
      detail: 'HTTP 401: the tool refused the key or secret',
    })
  })

  it('reports an http launch URL without sending anything', async () => {
    const connection = worldConnection({
      lti11: { launchUrl: 'http://tool.example.com/x', consumerKey: 'k', secret: 's' },
    })
    const report = await testConnection(world.deps, connection, WORLD_USERS.admin)
    expect(byName(report)['lti11.launch-url']?.passed).toBe(false)
    expect(launches).toHaveLength(0)
  })

  it('reports an unreachable tool, a broken key set and a missing deployment', async () => {
    world.routes.delete(`${TOOL_ORIGIN}/lti/login`)
    world.routes.set(`${TOOL_ORIGIN}/.well-known/jwks.json`, () =>
      Response.json({ keys: [{ kty: 'RSA', kid: 'x', n: 'AQAB', e: 'AQAB' }] }),
    )
    const base = worldConnection({ schoolIds: ['school-hs', 'school-ms'] })
    const report = await testConnection(world.deps, base, WORLD_USERS.admin)
    expect(byName(report)['lti13.login-url']).toMatchObject({
      passed: false,
      detail: 'unreachable',
    })
    expect(byName(report)['lti13.jwks']).toMatchObject({
      passed: false,
      detail: 'ERR_LTI_KEY_INVALID',
    })
    expect(byName(report)['lti13.deployments']).toMatchObject({
      passed: false,
      detail: 'no deployment for school-ms',
    })
    expect(report.passed).toBe(false)
  })

  it('reports a key set URL that answers an error', async () => {
    world.routes.set(
      `${TOOL_ORIGIN}/.well-known/jwks.json`,
      () => new Response('oops', { status: 500 }),
    )
    const report = await testConnection(world.deps, worldConnection(), WORLD_USERS.admin)
    expect(byName(report)['lti13.jwks']).toMatchObject({
      passed: false,
      detail: 'HTTP 500: not a key set with keys',
    })
  })

  it('reports a connection with no protocol configured', async () => {
    const { lti11: _a, lti13: _b, ...bare } = worldConnection()
    const report = await testConnection(world.deps, bare, WORLD_USERS.admin)
    expect(byName(report)['connection.protocol']?.passed).toBe(false)
  })
})

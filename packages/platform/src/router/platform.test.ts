/**
 * The router mounted under `/lti`: every endpoint reached through `platform.handle` by the
 * requests a tool and a browser send, and the refusals (unknown paths, wrong methods, no session,
 * another browser, missing tokens).
 */
import {
  buildContentItemSelection,
  LTI_LINK_MEDIA_TYPE,
  verifyContentItemRequest,
} from '@ltihub/core/content-item'
import { beforeEach, describe, expect, it } from 'vitest'
import {
  buildOutcomeRequest,
  CLAIM,
  MemoryNonceStore,
  processOutcomeResponse,
  SCOPE,
} from '../internal/core.js'
import { buildLti11LaunchForm } from '../launch/index.js'
import { memoryLms } from '../testing/memory-storage.js'
import { createTestTool, readAutoPost, type TestTool } from '../testing/test-tool.js'
import { createWorld, PLATFORM_BASE, type World, WORLD_CONTEXT } from '../testing/world.js'
import type { PlatformEvent, PlatformStorage } from './options.js'
import { createLtiPlatform, type LtiPlatform } from './platform.js'

const ROOT = `${PLATFORM_BASE}/lti`

let world: World
let platform: LtiPlatform
let tool: TestTool
let events: PlatformEvent[]

/** The LMS session of these tests: the `x-user` header names the signed-in user. */
const currentUserId = (request: Request) =>
  Promise.resolve(request.headers.get('x-user') ?? undefined)

function storageOf(w: World): PlatformStorage {
  return {
    connections: w.connections,
    resourceLinks: w.resourceLinks,
    embeddedContent: w.embeddedContent,
    lineItems: w.lineItems,
    results: w.results,
    launchIntents: w.launchIntents,
    deepLinkingSessions: w.deepLinkingSessions,
    sourcedIds: w.sourcedIds,
    registrationTokens: w.registrationTokens,
    keys: w.keys,
    nonces: w.deps.nonces,
  }
}

function build(overrides: Partial<Parameters<typeof createLtiPlatform>[0]> = {}): LtiPlatform {
  return createLtiPlatform({
    publicUrl: `${ROOT}/`,
    issuer: PLATFORM_BASE,
    storage: storageOf(world),
    lms: memoryLms({ directory: world.directory, gradeBook: world.gradeBook, currentUserId }),
    secret: 'a test secret of at least thirty-two characters',
    clock: world.now,
    fetch: world.fetch,
    onEvent: (event) => events.push(event),
    ...overrides,
  })
}

beforeEach(async () => {
  world = await createWorld()
  events = []
  platform = build()
  tool = await createTestTool({ ...world, deps: platform.deps })
})

const cookieOf = (response: Response) => response.headers.get('set-cookie')?.split(';')[0] ?? ''

/** Opens the launch page as `userId`, answers as the tool, and returns the verified message. */
async function launch(userId: string, resourceLinkId = 'rl-quiz-7') {
  const page = await platform.handle(
    new Request(platform.launchUrl(resourceLinkId), { headers: { 'x-user': userId } }),
  )
  expect(page.status).toBe(303)
  const auth = tool.authenticationRequest(page.headers.get('location') ?? '')
  const headers = new Headers(auth.request.headers)
  headers.set('cookie', cookieOf(page))
  const answer = await platform.handle(new Request(auth.request.url, { headers }))
  const fields = await readAutoPost(answer)
  return tool.verifyLaunch(fields.id_token ?? '', auth.nonce)
}

async function problem(response: Response) {
  expect(response.headers.get('content-type')).toBe('application/problem+json')
  return (await response.json()) as { code: string; status: number }
}

describe('createLtiPlatform', () => {
  it('launches under the prefix, issues a token at /token and takes a score into the grade book', async () => {
    const message = await launch('u-student')
    expect(message.sub).toBe('u-student')
    const ags = message[CLAIM.agsEndpoint]
    expect(ags?.lineitems).toBe(`${ROOT}/contexts/${WORLD_CONTEXT.id}/lineitems`)

    const token = await tool.accessToken([SCOPE.score, SCOPE.lineItem, SCOPE.resultReadOnly])
    const created = await platform.handle(
      tool.serviceRequest(ags?.lineitems ?? '', token, {
        method: 'POST',
        headers: { 'content-type': 'application/vnd.ims.lis.v2.lineitem+json' },
        body: JSON.stringify({ label: 'Quiz 7', scoreMaximum: 10, resourceLinkId: 'rl-quiz-7' }),
      }),
    )
    expect(created.status).toBe(201)
    const item = (await created.json()) as { id: string }
    expect(item.id.startsWith(`${ROOT}/contexts/`)).toBe(true)

    const scored = await platform.handle(
      tool.serviceRequest(`${item.id}/scores`, token, {
        method: 'POST',
        headers: { 'content-type': 'application/vnd.ims.lis.v1.score+json' },
        body: JSON.stringify({
          userId: 'u-student',
          scoreGiven: 7,
          scoreMaximum: 10,
          timestamp: '2025-01-15T09:59:00.000Z',
          activityProgress: 'Completed',
          gradingProgress: 'FullyGraded',
        }),
      }),
    )
    expect(scored.status).toBe(204)
    expect(await world.gradeBook.read('asg-quiz-7', 'u-student')).toMatchObject({ points: 14 })

    const results = await platform.handle(tool.serviceRequest(`${item.id}/results`, token))
    expect(await results.json()).toEqual([
      expect.objectContaining({ userId: 'u-student', resultScore: 7 }),
    ])
    const one = await platform.handle(tool.serviceRequest(item.id, token))
    expect(((await one.json()) as { label: string }).label).toBe('Quiz 7')
  })

  it('answers the token endpoint, JWKS, NRPS and the OpenID configuration under the prefix', async () => {
    const jwks = await platform.handle(new Request(`${ROOT}/jwks`))
    expect(((await jwks.json()) as { keys: unknown[] }).keys).toHaveLength(1)

    const refused = await platform.handle(
      new Request(`${ROOT}/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'grant_type=client_credentials',
      }),
    )
    expect(refused.status).toBe(400)

    const token = await tool.accessToken([SCOPE.contextMembershipReadOnly])
    const roster = await platform.handle(
      tool.serviceRequest(`${ROOT}/contexts/${WORLD_CONTEXT.id}/memberships`, token),
    )
    expect(roster.status).toBe(200)
    const members = ((await roster.json()) as { members: { user_id: string }[] }).members
    expect(members.map((m) => m.user_id)).toContain('u-student')

    const configuration = await platform.handle(
      new Request(`${ROOT}/.well-known/openid-configuration`),
    )
    expect(configuration.status).toBe(200)
    expect(await configuration.json()).toMatchObject({
      issuer: PLATFORM_BASE,
      authorization_endpoint: `${ROOT}/authorize`,
      token_endpoint: `${ROOT}/token`,
      jwks_uri: `${ROOT}/jwks`,
      registration_endpoint: `${ROOT}/register`,
    })
  })

  it('registers a tool by Dynamic Registration at /register with a token it started', async () => {
    const start = await platform.startRegistration({
      toolRegistrationUrl: 'https://tool.example.com/register',
      schoolIds: ['school-hs'],
      userId: 'u-admin',
    })
    const response = await platform.handle(
      new Request(`${ROOT}/register`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${start.token}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({
          application_type: 'web',
          response_types: ['id_token'],
          grant_types: ['implicit', 'client_credentials'],
          initiate_login_uri: 'https://tool.example.com/login',
          redirect_uris: ['https://tool.example.com/launch'],
          client_name: 'Registered tool',
          jwks_uri: 'https://tool.example.com/jwks',
          token_endpoint_auth_method: 'private_key_jwt',
          scope: SCOPE.score,
          'https://purl.imsglobal.org/spec/lti-tool-configuration': {
            domain: 'tool.example.com',
            target_link_uri: 'https://tool.example.com/launch',
            claims: ['iss', 'sub'],
            messages: [{ type: 'LtiResourceLinkRequest' }],
          },
        }),
      }),
    )
    expect(response.status).toBe(201)
    const pending = [...world.connections.connections.values()].filter(
      (c) => c.status === 'pending',
    )
    expect(pending.map((c) => c.name)).toEqual(['Registered tool'])
  })

  it('takes an LTI 1.1 score at /outcomes', async () => {
    const form = await buildLti11LaunchForm(platform.deps, {
      userId: 'u-student',
      target: { kind: 'resource-link', resourceLinkId: 'rl-quiz-7' },
      presentation: 'window',
    })
    const fields = Object.fromEntries(form.fields)
    expect(fields.lis_outcome_service_url).toBe(`${ROOT}/outcomes`)
    const response = await platform.handle(
      await buildOutcomeRequest({
        serviceUrl: `${ROOT}/outcomes`,
        consumerKey: 'quizzly-key',
        secret: 'quizzly-secret',
        operation: {
          operation: 'replaceResult',
          sourcedId: fields.lis_result_sourcedid ?? '',
          score: 0.5,
        },
        clock: world.now,
      }),
    )
    expect((await processOutcomeResponse(response)).codeMajor).toBe('success')
    expect(await world.gradeBook.read('asg-quiz-7', 'u-student')).toMatchObject({ points: 10 })
  })

  it('receives a deep linking return at /deep-linking/:sessionId and shows the page', async () => {
    const start = await platform.startDeepLinking({
      userId: 'u-teacher',
      connectionId: 'conn-quiz',
      contextId: WORLD_CONTEXT.id,
      assignmentId: 'asg-quiz-7',
      presentation: 'iframe',
    })
    const auth = tool.authenticationRequest(start.url)
    const headers = new Headers({ 'x-user': 'u-teacher' })
    const fields = await readAutoPost(
      await platform.handle(new Request(auth.request.url, { headers })),
    )
    const request = await tool.verifyLaunch(fields.id_token ?? '', auth.nonce)
    const returned = await tool.deepLinkingReturn(
      request,
      [{ type: 'ltiResourceLink', title: 'Cells', url: 'https://tool.example.com/cells' }],
      { msg: 'One quiz added' },
    )
    expect(returned.url).toBe(`${ROOT}/deep-linking/${encodeURIComponent(start.sessionId)}`)
    const page = await platform.handle(returned)
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain('1 item(s) added')
    expect(html).toContain('One quiz added')
    expect([...world.resourceLinks.links.values()].map((l) => l.title)).toContain('Cells')
  })

  it('receives an LTI 1.1 Content-Item return at /content-item/:sessionId once', async () => {
    const form = await platform.startContentItemSelection({
      userId: 'u-teacher',
      connectionId: 'conn-quiz',
      contextId: WORLD_CONTEXT.id,
      assignmentId: 'asg-quiz-7',
    })
    const fields = Object.fromEntries(form.fields)
    expect(fields.content_item_return_url).toBe(
      `${ROOT}/content-item/${encodeURIComponent(form.sessionId)}`,
    )
    const lookupConsumerSecret = (key: string) =>
      Promise.resolve(key === 'quizzly-key' ? 'quizzly-secret' : undefined)
    const verified = await verifyContentItemRequest(
      new Request(form.url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(form.fields).toString(),
      }),
      { lookupConsumerSecret, nonceStore: new MemoryNonceStore(world.now), clock: world.now },
    )
    const selection = await buildContentItemSelection({
      settings: verified.settings,
      consumerKey: 'quizzly-key',
      secret: 'quizzly-secret',
      clock: world.now,
      items: [
        {
          '@type': 'LtiLinkItem',
          mediaType: LTI_LINK_MEDIA_TYPE,
          url: 'https://tool.example.com/lti11?item=7',
          title: 'Item 7',
        },
      ],
    })
    const post = () =>
      platform.handle(
        new Request(selection.url, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams(selection.fields).toString(),
        }),
      )
    const page = await post()
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('1 item(s) added')
    expect([...world.resourceLinks.links.values()].map((l) => l.title)).toContain('Item 7')
    const replay = await post()
    expect(replay.status).toBe(400)
    expect(await replay.text()).toContain('ERR_LTI_PLATFORM_DEEP_LINKING_SESSION_INVALID')
  })

  it('answers unknown paths and paths outside the prefix with 404 problem details', async () => {
    for (const path of [
      `${ROOT}/nowhere`,
      `${ROOT}/contexts/c/lineitems/li/other`,
      `${ROOT}/contexts//memberships`,
      `${ROOT}/launch/%E0%A4%A`,
      `${PLATFORM_BASE}/token`,
      `${ROOT}`,
    ]) {
      const response = await platform.handle(new Request(path))
      expect(response.status, path).toBe(404)
      expect(await problem(response)).toMatchObject({ code: 'ERR_LTI_PLATFORM_ROUTE_NOT_FOUND' })
    }
  })

  it('refuses wrong methods, missing tokens and unknown links', async () => {
    const get = await platform.handle(new Request(`${ROOT}/deep-linking/s1`))
    expect(get.status).toBe(405)
    expect(get.headers.get('allow')).toBe('POST')
    const post = await platform.handle(new Request(`${ROOT}/jwks`, { method: 'POST' }))
    expect(post.status).toBe(405)
    const launchPost = await platform.handle(
      new Request(platform.launchUrl('rl-quiz-7'), { method: 'POST', headers: { 'x-user': 'u' } }),
    )
    expect(launchPost.status).toBe(405)

    const anonymous = await platform.handle(
      new Request(`${ROOT}/contexts/${WORLD_CONTEXT.id}/memberships`),
    )
    expect(anonymous.status).toBe(401)

    const unknown = await platform.handle(
      new Request(platform.launchUrl('no-such-link'), { headers: { 'x-user': 'u-student' } }),
    )
    expect(unknown.status).toBe(404)
    expect(unknown.headers.get('content-type')).toContain('text/html')
    expect(await unknown.text()).toContain('ERR_LTI_PLATFORM_NOT_FOUND')
    expect(events.map((e) => e.code)).toContain('ERR_LTI_PLATFORM_NOT_FOUND')
  })

  it('asks for sign-in on a launch page without an LMS session', async () => {
    const page = await platform.handle(new Request(platform.launchUrl('rl-quiz-7')))
    expect(page.status).toBe(401)
    expect(await page.text()).toContain('ERR_LTI_PLATFORM_LOGIN_REQUIRED')

    const redirecting = build({
      signIn: (request) =>
        Response.redirect(`${PLATFORM_BASE}/sign-in?next=${encodeURIComponent(request.url)}`, 303),
    })
    const redirected = await redirecting.handle(new Request(redirecting.launchUrl('rl-quiz-7')))
    expect(redirected.status).toBe(303)
    expect(redirected.headers.get('location')).toContain('/sign-in?next=')
  })

  it('refuses the authentication request of another browser (no session, no binding cookie)', async () => {
    const page = await platform.handle(
      new Request(platform.launchUrl('rl-quiz-7'), { headers: { 'x-user': 'u-student' } }),
    )
    const auth = tool.authenticationRequest(page.headers.get('location') ?? '')
    const fields = await readAutoPost(await platform.handle(auth.request))
    expect(fields.error).toBe('login_required')
    expect(fields.id_token).toBeUndefined()
    expect(events.map((e) => e.code)).toContain('ERR_LTI_PLATFORM_LOGIN_REQUIRED')
  })

  it('runs score posts in a storage transaction and rolls a refusal back', async () => {
    const base = storageOf(world)
    const outcomes: string[] = []
    const transaction = async <T>(work: (s: PlatformStorage) => Promise<T>): Promise<T> => {
      try {
        const result = await work(base)
        outcomes.push('commit')
        return result
      } catch (error) {
        outcomes.push('rollback')
        throw error
      }
    }
    platform = build({ storage: { ...base, transaction } })
    const token = await tool.accessToken([SCOPE.score])
    const refused = await platform.handle(
      tool.serviceRequest(`${ROOT}/contexts/${WORLD_CONTEXT.id}/lineitems/nope/scores`, token, {
        method: 'POST',
        headers: { 'content-type': 'application/vnd.ims.lis.v1.score+json' },
        body: '{}',
      }),
    )
    expect(refused.status).toBe(404)
    expect(outcomes).toEqual(['rollback'])
  })

  it('answers a failing LMS with a 500 problem and reports it', async () => {
    platform = build({
      lms: {
        ...memoryLms({ directory: world.directory, gradeBook: world.gradeBook, currentUserId }),
        getUser: () => Promise.reject(new Error('database down')),
      },
    })
    const page = await platform.handle(
      new Request(platform.launchUrl('rl-quiz-7'), { headers: { 'x-user': 'u-student' } }),
    )
    expect(page.status).toBe(500)
    expect(await page.text()).not.toContain('database down')
    expect(events.at(-1)).toMatchObject({ code: 'ERR_LTI_PLATFORM_INTERNAL', endpoint: 'launch' })
  })

  it('places a link with the line item of its points assignment, and none for other scales', async () => {
    const placement = { contextId: WORLD_CONTEXT.id, connectionId: 'conn-quiz', title: 'Quiz' }
    const graded = await platform.placeResourceLink({ ...placement, assignmentId: 'asg-quiz-7' })
    expect(graded.lineItem).toMatchObject({
      resourceLinkId: graded.resourceLink.id,
      assignmentId: 'asg-quiz-7',
      scoreMaximum: 20,
    })
    const message = await launch('u-student', graded.resourceLink.id)
    expect(message[CLAIM.agsEndpoint]?.lineitem).toBe(
      `${ROOT}/contexts/${WORLD_CONTEXT.id}/lineitems/${graded.lineItem?.id ?? ''}`,
    )
    const rubric = await platform.placeResourceLink({ ...placement, assignmentId: 'asg-essay' })
    expect(rubric.lineItem).toBeUndefined()
    expect((await platform.placeResourceLink(placement)).lineItem).toBeUndefined()
  })

  it('builds launch URLs under the prefix and refuses a short secret', () => {
    expect(platform.launchUrl('a b', { presentation: 'window' })).toBe(
      `${ROOT}/launch/a%20b?presentation=window`,
    )
    expect(platform.learningToolLaunchUrl('conn-quiz', 'school-hs')).toBe(
      `${ROOT}/learning-tools/conn-quiz/launch?school=school-hs`,
    )
    expect(() => build({ secret: 'short' })).toThrow(TypeError)
  })
})

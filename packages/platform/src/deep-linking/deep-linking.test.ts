import { beforeEach, describe, expect, it } from 'vitest'
import {
  buildDeepLinkingResponse,
  CLAIM,
  type ContentItem,
  generateSigningKey,
  isLtiError,
  type LtiErrorCode,
  type LtiLaunchMessage,
  MESSAGE_TYPE,
} from '../internal/core.js'
import { isCodedError, isPlatformError, type PlatformErrorCode } from '../errors.js'
import { handleAuthenticationRequest } from '../launch/authorize.js'
import { startLaunch } from '../launch/start.js'
import { createTestTool, formPost, readAutoPost, type TestTool } from '../testing/test-tool.js'
import {
  createWorld,
  PLATFORM_BASE,
  TOOL_ORIGIN,
  type World,
  WORLD_CONTEXT,
  WORLD_USERS,
  worldConnection,
} from '../testing/world.js'
import { receiveDeepLinkingResponse } from './return.js'
import { startDeepLinking, type StartDeepLinkingInput } from './start.js'

let world: World
let tool: TestTool

beforeEach(async () => {
  world = await createWorld()
  tool = await createTestTool(world)
})

const input = (extra: Partial<StartDeepLinkingInput> = {}): StartDeepLinkingInput => ({
  userId: 'u-teacher',
  connectionId: 'conn-quiz',
  contextId: WORLD_CONTEXT.id,
  assignmentId: 'asg-quiz-7',
  presentation: 'iframe',
  ...extra,
})

/** Starts a deep linking request and runs the OIDC login; returns the verified request. */
async function deepLinkingRequest(extra: Partial<StartDeepLinkingInput> = {}) {
  const start = await startDeepLinking(world.deps, input(extra))
  const auth = tool.authenticationRequest(start.url)
  const userId = extra.userId ?? 'u-teacher'
  const fields = await readAutoPost(
    await handleAuthenticationRequest(auth.request, world.deps, { userId }),
  )
  const message = await tool.verifyLaunch(fields.id_token ?? '', auth.nonce)
  return { start, message }
}

const quizLink: ContentItem = {
  type: 'ltiResourceLink',
  title: 'Chapter 12 quiz',
  text: 'Twelve questions',
  url: `${TOOL_ORIGIN}/quiz/12`,
  custom: { quiz_id: 'az-123', due: '$ResourceLink.submission.endDateTime' },
  lineItem: {
    scoreMaximum: 87,
    label: 'Chapter 12 quiz',
    resourceId: 'xyzpdq1234',
    tag: 'originality',
  },
  submission: { endDateTime: '2025-03-06T20:05:02Z' },
}

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  return isCodedError(error) ? error.code : String(error)
}

function nothingCreated() {
  expect(world.resourceLinks.links.size).toBe(1)
  expect(world.lineItems.items.size).toBe(0)
  expect(world.embeddedContent.items).toHaveLength(0)
}

describe('startDeepLinking and the request message', () => {
  it('sends an LtiDeepLinkingRequest with settings from the connection types', async () => {
    const { start, message } = await deepLinkingRequest()
    expect(new URL(start.url).searchParams.get('target_link_uri')).toBe(
      `${TOOL_ORIGIN}/lti/deep-link`,
    )
    expect(message[CLAIM.messageType]).toBe(MESSAGE_TYPE.deepLinkingRequest)
    expect(message).not.toHaveProperty(CLAIM.resourceLink)
    const settings = message[CLAIM.deepLinkingSettings]
    expect(settings).toMatchObject({
      deep_link_return_url: `${PLATFORM_BASE}/lti/deep-linking/${start.sessionId}`,
      accept_types: ['ltiResourceLink', 'image', 'html'],
      accept_presentation_document_targets: ['iframe', 'window'],
      accept_multiple: true,
      accept_lineitem: true,
      auto_create: false,
      title: 'Quiz 7',
    })
    expect(typeof (settings as { data?: unknown }).data).toBe('string')
    expect(message[CLAIM.agsEndpoint]).toMatchObject({
      lineitems: `${PLATFORM_BASE}/lti/contexts/ctx-bio-2/lineitems`,
    })
  })

  it('offers no line items for a rubric assignment', async () => {
    const { message } = await deepLinkingRequest({ assignmentId: 'asg-essay' })
    expect(message[CLAIM.deepLinkingSettings]).toMatchObject({ accept_lineitem: false })
    expect(message).not.toHaveProperty(CLAIM.agsEndpoint)
  })

  it.each<[string, () => void, Partial<StartDeepLinkingInput>, PlatformErrorCode]>([
    ['a student', () => {}, { userId: 'u-student' }, 'ERR_LTI_PLATFORM_LAUNCH_DENIED'],
    ['a parent', () => {}, { userId: 'u-parent' }, 'ERR_LTI_PLATFORM_LAUNCH_DENIED'],
    [
      'a teacher without the tool right',
      () => world.directory.putUser({ ...WORLD_USERS.teacher, canUseExternalTools: false }),
      {},
      'ERR_LTI_PLATFORM_NO_TOOL_RIGHTS',
    ],
    [
      'an assignment of another section',
      () => {},
      { assignmentId: 'asg-nope' },
      'ERR_LTI_PLATFORM_NOT_FOUND',
    ],
    ['an unknown section', () => {}, { contextId: 'ctx-nope' }, 'ERR_LTI_PLATFORM_NOT_FOUND'],
    [
      'a connection without content types',
      () =>
        world.connections.put(
          worldConnection({
            features: {
              learningTool: true,
              scorePassback: true,
              assignmentResource: false,
              embeddableContent: false,
            },
          }),
        ),
      {},
      'ERR_LTI_PLATFORM_CONNECTION_UNAVAILABLE',
    ],
  ])('refuses %s', async (_name, arrange, extra, code) => {
    arrange()
    const error = await startDeepLinking(world.deps, input(extra)).catch((e: unknown) => e)
    expect(isPlatformError(error, code), String(error)).toBe(true)
    expect(world.deepLinkingSessions.records.size).toBe(0)
  })
})

describe('receiveDeepLinkingResponse', () => {
  it('creates the assignment resource, its line item and the embedded content', async () => {
    const { start, message } = await deepLinkingRequest()
    const items: ContentItem[] = [
      quizLink,
      {
        type: 'image',
        url: 'https://cdn.tool.example.com/cell.png',
        title: 'Cell',
        width: 640,
        height: 480,
      },
      { type: 'html', html: '<p onclick="x()">Hi</p>', title: 'Snippet' },
    ]
    const request = await tool.deepLinkingReturn(message, items, { msg: 'Added 3 items' })
    const result = await receiveDeepLinkingResponse(request, world.deps, {
      sessionId: start.sessionId,
      currentUserId: 'u-teacher',
    })
    expect(result.msg).toBe('Added 3 items')
    const [link] = result.resourceLinks
    expect(link).toMatchObject({
      contextId: WORLD_CONTEXT.id,
      connectionId: 'conn-quiz',
      assignmentId: 'asg-quiz-7',
      title: 'Chapter 12 quiz',
      description: 'Twelve questions',
      url: `${TOOL_ORIGIN}/quiz/12`,
      custom: { quiz_id: 'az-123', due: '$ResourceLink.submission.endDateTime' },
      submission: { endDateTime: '2025-03-06T20:05:02Z' },
    })
    expect(result.lineItems).toEqual([
      expect.objectContaining({
        label: 'Chapter 12 quiz',
        scoreMaximum: 87,
        resourceLinkId: link?.id,
        resourceId: 'xyzpdq1234',
        tag: 'originality',
        assignmentId: 'asg-quiz-7',
      }),
    ])
    expect(world.embeddedContent.items.map((entry) => entry.content)).toEqual([
      expect.objectContaining({
        kind: 'image',
        url: 'https://cdn.tool.example.com/cell.png',
        width: 640,
      }),
      expect.objectContaining({ kind: 'html', untrustedHtml: '<p onclick="x()">Hi</p>' }),
    ])

    // Launching the created link uses its URL and resolves its custom parameters.
    const launchStart = await startLaunch(world.deps, {
      userId: 'u-student',
      target: { kind: 'resource-link', resourceLinkId: link?.id ?? '' },
      presentation: 'iframe',
    })
    const auth = tool.authenticationRequest(launchStart.url)
    const fields = await readAutoPost(
      await handleAuthenticationRequest(auth.request, world.deps, { userId: 'u-student' }),
    )
    const launched = await tool.verifyLaunch(fields.id_token ?? '', auth.nonce)
    expect(launched[CLAIM.targetLinkUri]).toBe(`${TOOL_ORIGIN}/quiz/12`)
    expect(launched[CLAIM.custom]).toMatchObject({ quiz_id: 'az-123', due: '2025-03-06T20:05:02Z' })
    expect(launched[CLAIM.agsEndpoint]).toMatchObject({
      lineitem: `${PLATFORM_BASE}/lti/contexts/ctx-bio-2/lineitems/${result.lineItems[0]?.id ?? ''}`,
    })
  })

  it('ignores line items when it did not offer them', async () => {
    const { start, message } = await deepLinkingRequest({ assignmentId: 'asg-essay' })
    const result = await receiveDeepLinkingResponse(
      await tool.deepLinkingReturn(message, [quizLink]),
      world.deps,
      {
        sessionId: start.sessionId,
      },
    )
    expect(result.resourceLinks).toHaveLength(1)
    expect(result.lineItems).toHaveLength(0)
  })

  it('accepts an empty response with an error message', async () => {
    const { start, message } = await deepLinkingRequest()
    const request = await tool.deepLinkingReturn(message, [])
    const result = await receiveDeepLinkingResponse(request, world.deps, {
      sessionId: start.sessionId,
    })
    expect(result.resourceLinks).toHaveLength(0)
  })

  describe('refusals (nothing is created)', () => {
    let start: Awaited<ReturnType<typeof deepLinkingRequest>>['start']
    let message: LtiLaunchMessage

    beforeEach(async () => {
      ;({ start, message } = await deepLinkingRequest())
    })

    const receive = (request: Request, extra: { currentUserId?: string } = {}) =>
      receiveDeepLinkingResponse(request, world.deps, { sessionId: start.sessionId, ...extra })

    it.each<[string, ContentItem[], LtiErrorCode]>([
      [
        'an item type it did not offer',
        [{ type: 'link', url: `${TOOL_ORIGIN}/x` }],
        'ERR_LTI_DL_ITEM_TYPE_NOT_ACCEPTED',
      ],
      [
        'a resource link outside the tool',
        [{ ...quizLink, url: 'https://evil.example/launch' }],
        'ERR_LTI_DL_CONTENT_ITEM_INVALID',
      ],
    ])('%s', async (_name, items, code) => {
      expect(await codeOf(receive(await tool.deepLinkingReturn(message, items)))).toBe(code)
      nothingCreated()
    })

    it('a line item with scoreMaximum 0', async () => {
      const jwt = await buildDeepLinkingResponse({
        signingKey: tool.signingKey,
        clientId: 'client-quiz',
        platformIssuer: PLATFORM_BASE,
        deploymentId: 'dep-hs',
        data: (message[CLAIM.deepLinkingSettings] as { data?: string }).data,
        contentItems: [],
        clock: world.deps.clock,
      })
      // buildDeepLinkingResponse refuses invalid items, so a hostile tool is simulated by
      // re-signing the payload with one.
      const { SignJWT, decodeJwt } = await import('jose')
      const payload = decodeJwt(jwt)
      payload[CLAIM.contentItems] = [{ ...quizLink, lineItem: { scoreMaximum: 0 } }]
      const forged = await new SignJWT(payload)
        .setProtectedHeader({ alg: 'RS256', kid: 'tool-key-1' })
        .sign(tool.signingKey.privateKey)
      expect(await codeOf(receive(formPost(start.url, { JWT: forged })))).toBe(
        'ERR_LTI_DL_LINE_ITEM_INVALID',
      )
      nothingCreated()
    })

    it('a data value of another request', async () => {
      const request = await tool.deepLinkingReturn(message, [quizLink], { data: 'other' })
      expect(await codeOf(receive(request))).toBe('ERR_LTI_DL_DATA_MISMATCH')
      nothingCreated()
    })

    it('a response signed with another key', async () => {
      const impostor = await generateSigningKey({ kid: 'tool-key-1' })
      const jwt = await buildDeepLinkingResponse({
        signingKey: impostor,
        clientId: 'client-quiz',
        platformIssuer: PLATFORM_BASE,
        deploymentId: 'dep-hs',
        data: (message[CLAIM.deepLinkingSettings] as { data?: string }).data,
        contentItems: [quizLink],
        clock: world.deps.clock,
      })
      expect(await codeOf(receive(formPost(start.url, { JWT: jwt })))).toBe(
        'ERR_LTI_JWT_SIGNATURE_INVALID',
      )
      nothingCreated()
    })

    it('an unsigned response', async () => {
      const unsigned = `${btoa('{"alg":"none"}')}.${btoa('{}')}.`
      const code = await codeOf(receive(formPost(start.url, { JWT: unsigned })))
      expect(code).toMatch(/^ERR_LTI_(JWT_MALFORMED|JWT_ALG_NOT_ALLOWED|KID_MISSING)$/)
      nothingCreated()
    })

    it('a second answer to the same session', async () => {
      const request = await tool.deepLinkingReturn(message, [quizLink])
      await receive(request.clone())
      expect(await codeOf(receive(request))).toBe('ERR_LTI_PLATFORM_DEEP_LINKING_SESSION_INVALID')
      expect(world.resourceLinks.links.size).toBe(2)
    })

    it('a replayed response nonce', async () => {
      const session = world.deepLinkingSessions.records.get(start.sessionId)
      const request = await tool.deepLinkingReturn(message, [quizLink])
      await receive(request.clone())
      if (session !== undefined) await world.deepLinkingSessions.save(session)
      expect(await codeOf(receive(request))).toBe('ERR_LTI_DL_NONCE_REPLAYED')
      expect(world.resourceLinks.links.size).toBe(2)
    })

    it('an expired session', async () => {
      world.advance(60 * 60_000 + 1)
      const request = await tool.deepLinkingReturn(message, [quizLink])
      expect(await codeOf(receive(request))).toBe('ERR_LTI_PLATFORM_DEEP_LINKING_SESSION_INVALID')
      nothingCreated()
    })

    it('an unknown session', async () => {
      const request = await tool.deepLinkingReturn(message, [quizLink])
      const error = await codeOf(
        receiveDeepLinkingResponse(request, world.deps, { sessionId: 'forged' }),
      )
      expect(error).toBe('ERR_LTI_PLATFORM_DEEP_LINKING_SESSION_INVALID')
      nothingCreated()
    })

    it('another signed-in user', async () => {
      const request = await tool.deepLinkingReturn(message, [quizLink])
      expect(await codeOf(receive(request, { currentUserId: 'u-admin' }))).toBe(
        'ERR_LTI_PLATFORM_LOGIN_REQUIRED',
      )
      nothingCreated()
    })

    it('embeddable content switched off while the teacher was picking', async () => {
      world.connections.put(
        worldConnection({
          features: {
            learningTool: true,
            scorePassback: true,
            assignmentResource: true,
            embeddableContent: false,
          },
        }),
      )
      const request = await tool.deepLinkingReturn(message, [
        quizLink,
        { type: 'html', html: '<b>x</b>' },
      ])
      expect(await codeOf(receive(request))).toBe('ERR_LTI_PLATFORM_CONNECTION_UNAVAILABLE')
      nothingCreated()
    })

    it('a post without a JWT, or of the wrong media type', async () => {
      expect(await codeOf(receive(formPost(start.url, { jwt: 'x' })))).toBe(
        'ERR_LTI_INVALID_PAYLOAD',
      )
      const json = new Request(start.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      })
      expect(await codeOf(receive(json))).toBe('ERR_LTI_UNSUPPORTED_MEDIA_TYPE')
      nothingCreated()
    })

    it('a response of another message type', async () => {
      const jwt = await tool.deepLinkingReturn(message, [])
      const { SignJWT, decodeJwt } = await import('jose')
      const payload = decodeJwt((await jwt.formData()).get('JWT') as string)
      payload[CLAIM.messageType] = MESSAGE_TYPE.resourceLink
      const forged = await new SignJWT(payload)
        .setProtectedHeader({ alg: 'RS256', kid: 'tool-key-1' })
        .sign(tool.signingKey.privateKey)
      const error = await receive(formPost(start.url, { JWT: forged })).catch((e: unknown) => e)
      expect(isLtiError(error, 'ERR_LTI_DL_MESSAGE_TYPE_INVALID')).toBe(true)
    })
  })
})

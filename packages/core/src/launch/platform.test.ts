import fc from 'fast-check'
import { decodeJwt, decodeProtectedHeader } from 'jose'
import { beforeAll, describe, expect, it } from 'vitest'
import { CLAIM, MESSAGE_TYPE } from '../claims/uris.js'
import { launchView } from '../claims/view.js'
import { isLtiError } from '../errors/index.js'
import { MemoryNonceStore } from '../ports.js'
import { buildIdToken, type LaunchMessageClaims } from './platform.js'
import {
  CLIENT_ID,
  clock,
  createTestPlatform,
  DEPLOYMENT_ID,
  ISSUER,
  NOW,
  type TestPlatform,
  verifyOptions,
} from './test-support.js'
import { verifyIdToken } from './tool.js'

let platform: TestPlatform
beforeAll(async () => {
  platform = await createTestPlatform()
})

const LEARNER = 'http://purl.imsglobal.org/vocab/lis/v2/membership#Learner'
const INSTRUCTOR = 'http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor'

const messages = {
  resourceLink: {
    [CLAIM.messageType]: MESSAGE_TYPE.resourceLink,
    [CLAIM.targetLinkUri]: 'https://tool.example/launch',
    [CLAIM.resourceLink]: { id: 'link-1', title: 'Week 1 quiz' },
    [CLAIM.roles]: [LEARNER],
    [CLAIM.context]: { id: 'course-1', type: ['CourseOffering'] },
    [CLAIM.custom]: { chapter: '3', empty: '' },
    name: 'Test Learner',
  },
  deepLinking: {
    [CLAIM.messageType]: MESSAGE_TYPE.deepLinkingRequest,
    [CLAIM.targetLinkUri]: 'https://tool.example/deep-link',
    [CLAIM.roles]: [INSTRUCTOR],
    [CLAIM.deepLinkingSettings]: {
      deep_link_return_url: 'https://lms.example/deep-link/return',
      accept_types: ['ltiResourceLink'],
      accept_presentation_document_targets: ['iframe'],
      data: 'opaque-data',
    },
  },
  submissionReview: {
    [CLAIM.messageType]: MESSAGE_TYPE.submissionReview,
    [CLAIM.targetLinkUri]: 'https://tool.example/review',
    [CLAIM.resourceLink]: { id: 'link-1' },
    [CLAIM.roles]: [INSTRUCTOR],
    [CLAIM.agsEndpoint]: { scope: [], lineitem: 'https://lms.example/lineitems/7' },
    [CLAIM.forUser]: { user_id: 'learner-42' },
  },
} satisfies Record<string, LaunchMessageClaims>

/** `subject: null` builds an anonymous launch. */
function build(
  message: LaunchMessageClaims,
  subject: string | null = 'user-1',
  nonce: string = crypto.randomUUID(),
) {
  return buildIdToken({
    signingKey: platform.signingKey,
    issuer: ISSUER,
    clientId: CLIENT_ID,
    deploymentId: DEPLOYMENT_ID,
    nonce,
    message,
    ...(subject === null ? {} : { subject }),
    clock,
  })
}

describe('buildIdToken', () => {
  it('signs with the key alg and kid, and sets the platform claims', async () => {
    const token = await build(messages.resourceLink, 'user-1', 'nonce-1')
    expect(decodeProtectedHeader(token)).toEqual({
      alg: 'RS256',
      kid: platform.signingKey.kid,
      typ: 'JWT',
    })
    expect(decodeJwt(token)).toMatchObject({
      iss: ISSUER,
      aud: CLIENT_ID,
      azp: CLIENT_ID,
      sub: 'user-1',
      nonce: 'nonce-1',
      iat: NOW,
      exp: NOW + 300,
      [CLAIM.version]: '1.3.0',
      [CLAIM.deploymentId]: DEPLOYMENT_ID,
    })
  })

  it('honours lifetimeSeconds and refuses a non-positive one', async () => {
    const base = {
      signingKey: platform.signingKey,
      issuer: ISSUER,
      clientId: CLIENT_ID,
      deploymentId: DEPLOYMENT_ID,
      nonce: 'n',
      message: messages.resourceLink,
      clock,
    }
    expect(decodeJwt(await buildIdToken({ ...base, lifetimeSeconds: 60 })).exp).toBe(NOW + 60)
    await expect(buildIdToken({ ...base, lifetimeSeconds: 0 })).rejects.toBeInstanceOf(TypeError)
  })

  it('refuses (TypeError) a message its own tool side would reject', async () => {
    const noResourceLink = {
      ...messages.resourceLink,
      [CLAIM.resourceLink]: undefined,
    } as unknown as LaunchMessageClaims
    await expect(build(noResourceLink)).rejects.toBeInstanceOf(TypeError)
    await expect(build(messages.submissionReview, null)).rejects.toThrow(/sub/)
    const badCustom = {
      ...messages.resourceLink,
      [CLAIM.custom]: { n: 1 },
    } as unknown as LaunchMessageClaims
    await expect(build(badCustom)).rejects.toBeInstanceOf(TypeError)
  })

  it('keeps platform-set claims out of the caller’s hands', async () => {
    const sneaky = {
      ...messages.resourceLink,
      iss: 'https://evil.example',
      [CLAIM.version]: '1.1',
    } as LaunchMessageClaims
    const claims = decodeJwt(await build(sneaky))
    expect(claims.iss).toBe(ISSUER)
    expect(claims[CLAIM.version]).toBe('1.3.0')
  })
})

describe('round trip: platform buildIdToken -> tool verifyIdToken', () => {
  it.each(Object.entries(messages))('%s', async (_name, message) => {
    const token = await build(message)
    const { message: verified } = await verifyIdToken(
      token,
      verifyOptions(platform, {
        expectedTargetLinkUri: message[CLAIM.targetLinkUri],
        expectedMessageTypes: [message[CLAIM.messageType]],
      }),
    )
    expect(verified).toMatchObject(message)
    const view = launchView(verified)
    expect(view.messageType).toBe(message[CLAIM.messageType])
    expect(view.user?.id).toBe('user-1')
    expect(view.deploymentId).toBe(DEPLOYMENT_ID)
  })

  it('the view resolves deprecated context types and keeps empty custom values', async () => {
    const { message } = await verifyIdToken(
      await build(messages.resourceLink),
      verifyOptions(platform),
    )
    const view = launchView(message)
    expect(view.context?.types).toEqual([
      'http://purl.imsglobal.org/vocab/lis/v2/course#CourseOffering',
    ])
    expect(view.custom).toEqual({ chapter: '3', empty: '' })
    expect(view.user?.name).toBe('Test Learner')
  })

  it('an anonymous resource link launch round-trips when the tool allows it', async () => {
    const token = await build(messages.resourceLink, null)
    const { message } = await verifyIdToken(
      token,
      verifyOptions(platform, { allowAnonymousLaunches: true }),
    )
    expect(launchView(message).user).toBeUndefined()
  })
})

describe('properties', () => {
  const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'

  it('any change to the payload segment of a signed token is rejected', async () => {
    const token = await build(messages.resourceLink)
    const [header = '', payload = '', signature = ''] = token.split('.')
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: payload.length - 1 }),
        fc.constantFrom(...BASE64URL),
        async (position, replacement) => {
          fc.pre(payload[position] !== replacement)
          const mutated = `${payload.slice(0, position)}${replacement}${payload.slice(position + 1)}`
          const options = verifyOptions(platform, { nonceStore: new MemoryNonceStore(clock) })
          const error: unknown = await verifyIdToken(
            `${header}.${mutated}.${signature}`,
            options,
          ).then(
            () => undefined,
            (caught: unknown) => caught,
          )
          expect(isLtiError(error)).toBe(true)
        },
      ),
      { numRuns: 150 },
    )
  })

  it('any re-encoded payload with a changed or added claim is rejected', async () => {
    const token = await build(messages.resourceLink)
    const [header = '', , signature = ''] = token.split('.')
    const claims = decodeJwt(token)
    await fc.assert(
      fc.asyncProperty(
        fc.string({ minLength: 1, maxLength: 40 }),
        fc.jsonValue(),
        async (name, value) => {
          fc.pre(JSON.stringify(claims[name]) !== JSON.stringify(value))
          const payload = Buffer.from(JSON.stringify({ ...claims, [name]: value })).toString(
            'base64url',
          )
          const options = verifyOptions(platform, { nonceStore: new MemoryNonceStore(clock) })
          await expect(
            verifyIdToken(`${header}.${payload}.${signature}`, options),
          ).rejects.toMatchObject({
            code: 'ERR_LTI_JWT_SIGNATURE_INVALID',
          })
        },
      ),
      { numRuns: 100 },
    )
  })

  it('verifyIdToken never throws anything but LtiError on arbitrary input', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 300 }), async (token) => {
        const error: unknown = await verifyIdToken(token, verifyOptions(platform)).then(
          () => undefined,
          (caught: unknown) => caught,
        )
        expect(isLtiError(error)).toBe(true)
      }),
      { numRuns: 200 },
    )
  })
})

import { exportSPKI, SignJWT } from 'jose'
import { beforeAll, describe, expect, it } from 'vitest'
import { CLAIM, MESSAGE_TYPE } from '../claims/uris.js'
import { launchView } from '../claims/view.js'
import { isLtiError, type LtiErrorCode } from '../errors/index.js'
import { MemoryNonceStore } from '../ports.js'
import {
  CLIENT_ID,
  clock,
  createTestPlatform,
  NOW,
  replacePayload,
  sign,
  signWithHeader,
  type TestPlatform,
  unsigned,
  verifyOptions,
  withTimes,
} from './test-support.js'
import type { VerifyIdTokenOptions } from './options.js'
import { verifyIdToken } from './tool.js'
import certification from './vectors/certification-23-1.json' with { type: 'json' }
import tv11 from './vectors/tv-11-resource-link.json' with { type: 'json' }
import tv12 from './vectors/tv-12-deep-linking.json' with { type: 'json' }
import tv13 from './vectors/tv-13-submission-review.json' with { type: 'json' }

let platform: TestPlatform

beforeAll(async () => {
  platform = await createTestPlatform()
})

type Claims = Record<string, unknown>

const resourceLink = (): Claims => withTimes(structuredClone(tv11.claims))

/** Verifies and returns the LtiError code (or 'valid'). */
async function outcome(token: string, overrides: Partial<VerifyIdTokenOptions> = {}) {
  try {
    await verifyIdToken(token, verifyOptions(platform, overrides))
    return { code: 'valid' as const, claim: undefined }
  } catch (error) {
    if (!isLtiError(error)) throw error
    return { code: error.code, claim: error.claim }
  }
}

async function expectRejected(
  token: string,
  code: LtiErrorCode,
  overrides: Partial<VerifyIdTokenOptions> = {},
  claim?: string,
) {
  const result = await outcome(token, overrides)
  expect(result.code).toBe(code)
  if (claim !== undefined) expect(result.claim).toBe(claim)
}

describe('spec vectors TV-11, TV-12, TV-13', () => {
  it('TV-11 resource link launch verifies, with every check passing', async () => {
    const token = await sign(platform, resourceLink())
    const { message, checks } = await verifyIdToken(token, verifyOptions(platform))
    expect(message[CLAIM.messageType]).toBe(MESSAGE_TYPE.resourceLink)
    expect(checks).toEqual([
      'token-size',
      'jws-structure',
      'alg-allowed',
      'kid-present',
      'signature',
      'iss',
      'aud-azp',
      'exp-iat',
      'nonce',
      'version',
      'message-type',
      'deployment-id',
      'target-link-uri',
      'sub',
      'message-claims',
    ])
    expect(launchView(message).resourceLink?.id).toBe('3622bed7314b4f9c8f0e533e158ff797')
  })

  it('TV-12 deep linking request verifies without resource_link or target_link_uri', async () => {
    const token = await sign(platform, withTimes(structuredClone(tv12.claims)))
    const { message, checks } = await verifyIdToken(token, verifyOptions(platform))
    expect(checks).not.toContain('sub')
    const view = launchView(message)
    expect(view.deepLinking?.data).toBe('909708')
    expect(view.deepLinking?.acceptMediaTypes).toEqual(['image/*', 'text/html', 'application/json'])
    expect(view.resourceLink).toBeUndefined()
  })

  it('TV-12 also verifies without sub and roles (DL 2.0 doc v2)', async () => {
    const claims = withTimes(structuredClone(tv12.claims))
    delete claims.sub
    delete claims[CLAIM.roles]
    const { message } = await verifyIdToken(await sign(platform, claims), verifyOptions(platform))
    expect(launchView(message).user).toBeUndefined()
  })

  it('TV-13 submission review verifies and exposes for_user', async () => {
    const token = await sign(platform, withTimes(structuredClone(tv13.claims)))
    const { message } = await verifyIdToken(token, verifyOptions(platform))
    const view = launchView(message)
    expect(view.forUser?.id).toBe('learner-42')
    expect(view.ags?.lineItemUrl).toBe('https://lms.example.com/lineitems/7')
  })

  it.each(tv13.negatives)('TV-13 negative: $name', async ({ path, code }) => {
    const claims: Claims = withTimes(structuredClone(tv13.claims))
    const [claim, field] = path
    const container = claims[claim ?? ''] as Claims
    delete container[field ?? '']
    await expectRejected(await sign(platform, claims), code as LtiErrorCode, {}, path.join('.'))
  })

  it('TV-13 without sub is rejected even when anonymous launches are allowed', async () => {
    const claims = withTimes(structuredClone(tv13.claims))
    delete claims.sub
    await expectRejected(
      await sign(platform, claims),
      'ERR_LTI_JWT_CLAIM_MISSING',
      { allowAnonymousLaunches: true },
      'sub',
    )
  })
})

interface CertificationCase {
  readonly name: string
  readonly header?: Record<string, unknown>
  readonly replacePayload?: Record<string, unknown>
  readonly remove?: readonly string[]
  readonly set?: Record<string, unknown>
  readonly full?: boolean
  readonly expect?: string
  readonly claim?: string
}

async function certificationToken(testCase: CertificationCase): Promise<string> {
  const claims: Claims = {
    ...resourceLink(),
    ...(testCase.full ? tv11.fullCertificationExtras : {}),
    ...testCase.set,
  }
  for (const name of testCase.remove ?? []) delete claims[name]
  const payload = testCase.replacePayload ?? claims
  return testCase.header === undefined
    ? sign(platform, payload)
    : signWithHeader(platform, testCase.header, payload)
}

describe('certification suite §23.1', () => {
  it.each(certification.invalid as CertificationCase[])('rejects "$name"', async (testCase) => {
    const token = await certificationToken(testCase)
    await expectRejected(token, testCase.expect as LtiErrorCode, {}, testCase.claim)
  })

  it.each(certification.valid as CertificationCase[])('accepts "$name"', async (testCase) => {
    const token = await certificationToken(testCase)
    expect(await outcome(token)).toEqual({ code: 'valid', claim: undefined })
  })

  it('keeps unknown claims without validating them', async () => {
    const extension = 'https://www.example.com/extension'
    const token = await sign(platform, { ...resourceLink(), [extension]: { anything: [1, 2, 3] } })
    const { message } = await verifyIdToken(token, verifyOptions(platform))
    expect(message[extension]).toEqual({ anything: [1, 2, 3] })
  })
})

describe('tool-side JWT negatives §23.2', () => {
  it('1. alg none (unsigned) is rejected', async () => {
    await expectRejected(unsigned(resourceLink()), 'ERR_LTI_JWT_ALG_NOT_ALLOWED')
  })

  it('2. HS256 signed with the platform public key as secret is rejected', async () => {
    const secret = new TextEncoder().encode(
      await exportSPKI(
        await crypto.subtle.importKey(
          'jwk',
          platform.publicJwk,
          { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
          true,
          ['verify'],
        ),
      ),
    )
    const token = await new SignJWT(resourceLink())
      .setProtectedHeader({ alg: 'HS256', kid: platform.signingKey.kid })
      .sign(secret)
    await expectRejected(token, 'ERR_LTI_JWT_ALG_NOT_ALLOWED')
  })

  it('2b. an algorithm outside the allow-list is rejected even if the key could verify it', async () => {
    await expectRejected(await sign(platform, resourceLink()), 'ERR_LTI_JWT_ALG_NOT_ALLOWED', {
      algorithms: ['ES256'],
    })
  })

  it('3. a payload modified after signing is rejected', async () => {
    const claims = resourceLink()
    const token = await sign(platform, claims)
    const tampered = replacePayload(token, { ...claims, sub: 'someone-else' })
    await expectRejected(tampered, 'ERR_LTI_JWT_SIGNATURE_INVALID')
  })

  it('3b. a token signed by another key under the same kid is rejected', async () => {
    const impostor = await createTestPlatform()
    await expectRejected(await sign(impostor, resourceLink()), 'ERR_LTI_JWT_SIGNATURE_INVALID')
  })

  it.each([
    ['upper case', 'https://LTIADVANTAGEVALIDATOR.imsglobal.org'],
    ['trailing slash', 'https://ltiadvantagevalidator.imsglobal.org/'],
    ['http scheme', 'http://ltiadvantagevalidator.imsglobal.org'],
  ])('4. iss differing by %s is rejected', async (_name, iss) => {
    await expectRejected(
      await sign(platform, { ...resourceLink(), iss }),
      'ERR_LTI_JWT_CLAIM_INVALID',
      {},
      'iss',
    )
  })

  it('4b. missing iss is rejected', async () => {
    const claims = resourceLink()
    delete claims.iss
    await expectRejected(await sign(platform, claims), 'ERR_LTI_JWT_CLAIM_MISSING', {}, 'iss')
  })

  it.each([
    ['a string other than client_id', 'someone-else', 'ERR_LTI_JWT_CLAIM_INVALID'],
    ['an array without client_id', ['someone-else'], 'ERR_LTI_JWT_CLAIM_INVALID'],
    [
      '[client_id, "evil"] (untrusted extra audience)',
      [CLIENT_ID, 'evil'],
      'ERR_LTI_JWT_CLAIM_INVALID',
    ],
    ['an empty array', [], 'ERR_LTI_JWT_CLAIM_INVALID'],
    ['a number', 42, 'ERR_LTI_JWT_CLAIM_INVALID'],
  ] as const)('5. aud as %s is rejected', async (_name, aud, code) => {
    await expectRejected(await sign(platform, { ...resourceLink(), aud }), code, {}, 'aud')
  })

  it('5b. missing aud is rejected', async () => {
    const claims = resourceLink()
    delete claims.aud
    await expectRejected(await sign(platform, claims), 'ERR_LTI_JWT_CLAIM_MISSING', {}, 'aud')
  })

  it('5c. [client_id] alone is accepted', async () => {
    expect(
      (await outcome(await sign(platform, { ...resourceLink(), aud: [CLIENT_ID] }))).code,
    ).toBe('valid')
  })

  it('5d. a trusted extra audience is accepted only with azp = client_id', async () => {
    const aud = [CLIENT_ID, 'https://trusted.example']
    const options = { trustedAudiences: ['https://trusted.example'] }
    await expectRejected(
      await sign(platform, { ...resourceLink(), aud }),
      'ERR_LTI_JWT_CLAIM_MISSING',
      options,
      'azp',
    )
    expect(
      (await outcome(await sign(platform, { ...resourceLink(), aud, azp: CLIENT_ID }), options))
        .code,
    ).toBe('valid')
  })

  it('6. azp present and not client_id is rejected', async () => {
    await expectRejected(
      await sign(platform, { ...resourceLink(), azp: 'other-client' }),
      'ERR_LTI_JWT_CLAIM_INVALID',
      {},
      'azp',
    )
  })

  it('7. exp one minute past (beyond the skew) is rejected', async () => {
    const token = await sign(platform, { ...resourceLink(), iat: NOW - 120, exp: NOW - 61 })
    await expectRejected(token, 'ERR_LTI_JWT_EXPIRED', {}, 'exp')
  })

  it('7b. exp within the skew is accepted', async () => {
    expect(
      (await outcome(await sign(platform, { ...resourceLink(), iat: NOW - 100, exp: NOW - 30 })))
        .code,
    ).toBe('valid')
  })

  it('8. iat ten minutes in the future is rejected', async () => {
    const token = await sign(platform, { ...resourceLink(), iat: NOW + 600, exp: NOW + 900 })
    await expectRejected(token, 'ERR_LTI_JWT_NOT_YET_VALID', {}, 'iat')
  })

  it('8b. iat older than maxAgeSeconds is rejected', async () => {
    const token = await sign(platform, { ...resourceLink(), iat: NOW - 400, exp: NOW + 600 })
    await expectRejected(token, 'ERR_LTI_JWT_EXPIRED', {}, 'iat')
  })

  it('9. a replayed id_token (same nonce) is rejected the second time', async () => {
    const token = await sign(platform, resourceLink())
    const options = { nonceStore: new MemoryNonceStore(clock) }
    expect((await outcome(token, options)).code).toBe('valid')
    await expectRejected(token, 'ERR_LTI_NONCE_REPLAYED', options, 'nonce')
  })

  it('9b. a token whose nonce differs from the browser-bound one is rejected', async () => {
    await expectRejected(await sign(platform, resourceLink()), 'ERR_LTI_NONCE_MISMATCH', {
      expectedNonce: 'bound-nonce',
    })
  })

  it('11. an unknown deployment_id is rejected', async () => {
    const token = await sign(platform, {
      ...resourceLink(),
      [CLAIM.deploymentId]: 'unknown-deployment',
    })
    await expectRejected(token, 'ERR_LTI_DEPLOYMENT_NOT_ACCEPTED', {}, CLAIM.deploymentId)
  })

  it('11b. an async deployment policy is awaited', async () => {
    const token = await sign(platform, resourceLink())
    await expectRejected(token, 'ERR_LTI_DEPLOYMENT_NOT_ACCEPTED', {
      isDeploymentAccepted: () => Promise.resolve(false),
    })
  })

  it('12. a resource link launch at a deep-linking-only endpoint is rejected', async () => {
    const token = await sign(platform, resourceLink())
    await expectRejected(token, 'ERR_LTI_MESSAGE_TYPE_UNSUPPORTED', {
      expectedMessageTypes: [MESSAGE_TYPE.deepLinkingRequest],
    })
  })

  it('12b. an unknown message type is rejected', async () => {
    const token = await sign(platform, { ...resourceLink(), [CLAIM.messageType]: 'LtiEulaRequest' })
    await expectRejected(token, 'ERR_LTI_MESSAGE_TYPE_UNSUPPORTED', {}, CLAIM.messageType)
  })

  it('12c. a deep linking response sent as a launch is rejected', async () => {
    const token = await sign(platform, {
      ...resourceLink(),
      [CLAIM.messageType]: MESSAGE_TYPE.deepLinkingResponse,
    })
    await expectRejected(token, 'ERR_LTI_MESSAGE_TYPE_UNSUPPORTED')
  })

  it('13. target_link_uri differing from the login initiation is rejected', async () => {
    const token = await sign(platform, resourceLink())
    await expectRejected(token, 'ERR_LTI_TARGET_LINK_URI_MISMATCH', {
      expectedTargetLinkUri: 'https://evil.example/',
    })
  })

  it('13b. target_link_uri equal after URL normalisation is accepted', async () => {
    const token = await sign(platform, resourceLink())
    expect((await outcome(token, { expectedTargetLinkUri: 'http://LOCALHOST:8080' })).code).toBe(
      'valid',
    )
  })

  it('13c. a DL request carrying a mismatching target_link_uri is rejected', async () => {
    const claims = {
      ...withTimes(structuredClone(tv12.claims)),
      [CLAIM.targetLinkUri]: 'https://evil.example/',
    }
    await expectRejected(await sign(platform, claims), 'ERR_LTI_TARGET_LINK_URI_MISMATCH', {
      expectedTargetLinkUri: 'http://localhost:8080/',
    })
  })

  it('14. a rotated key (new kid) is accepted once it is in the key set', async () => {
    const rotated = await createTestPlatform('platform-key-2')
    const token = await sign(rotated, resourceLink())
    await expectRejected(token, 'ERR_LTI_KID_UNKNOWN')
    const keys = (await import('jose')).createLocalJWKSet({
      keys: [platform.publicJwk, rotated.publicJwk],
    })
    expect((await outcome(token, { keys })).code).toBe('valid')
  })
})

describe('hostile and malformed tokens', () => {
  it.each([
    ['empty string', ''],
    ['one segment', 'abc'],
    ['two segments', 'abc.def'],
    ['five segments (JWE)', 'a.b.c.d.e'],
    ['non-base64url characters', 'a+b.c/d.e=f'],
    ['header not JSON', `${btoa('not json')}.e30.sig`],
    ['header a JSON array', `${btoa('[]')}.e30.sig`],
  ])('%s is ERR_LTI_JWT_MALFORMED', async (_name, token) => {
    await expectRejected(token, 'ERR_LTI_JWT_MALFORMED')
  })

  it('an oversize token is refused before decoding', async () => {
    await expectRejected('a'.repeat(70_000), 'ERR_LTI_INPUT_TOO_LARGE')
  })

  it('a payload that is not a JSON object is rejected', async () => {
    const token = await signWithHeader(
      platform,
      { alg: 'RS256', kid: platform.signingKey.kid },
      'just a string',
    )
    await expectRejected(token, 'ERR_LTI_JWT_MALFORMED')
  })

  it.each([
    ['exp', 'ERR_LTI_JWT_CLAIM_MISSING'],
    ['iat', 'ERR_LTI_JWT_CLAIM_MISSING'],
    ['nonce', 'ERR_LTI_JWT_CLAIM_MISSING'],
  ] as const)('missing %s is rejected', async (claim, code) => {
    const claims = resourceLink()
    delete claims[claim]
    await expectRejected(await sign(platform, claims), code, {}, claim)
  })

  it.each([
    [
      'resource_link.id too long',
      { [CLAIM.resourceLink]: { id: 'x'.repeat(256) } },
      `${CLAIM.resourceLink}.id`,
    ],
    ['custom with a null value', { [CLAIM.custom]: { a: null } }, `${CLAIM.custom}.a`],
    ['roles not an array', { [CLAIM.roles]: 'Instructor' }, CLAIM.roles],
    ['context.id a number', { [CLAIM.context]: { id: 8893483 } }, `${CLAIM.context}.id`],
    [
      'launch_presentation.document_target unknown',
      { [CLAIM.launchPresentation]: { document_target: 'popup' } },
      `${CLAIM.launchPresentation}.document_target`,
    ],
    [
      'tool_platform without guid',
      { [CLAIM.toolPlatform]: { guid: 42 } },
      `${CLAIM.toolPlatform}.guid`,
    ],
    ['deployment_id over 255 chars', { [CLAIM.deploymentId]: 'd'.repeat(256) }, CLAIM.deploymentId],
    ['sub empty', { sub: '' }, 'sub'],
    ['nonce over 1024 chars', { nonce: 'n'.repeat(1025) }, 'nonce'],
  ])('%s is ERR_LTI_JWT_CLAIM_INVALID', async (_name, patch, claim) => {
    await expectRejected(
      await sign(platform, { ...resourceLink(), ...patch }),
      'ERR_LTI_JWT_CLAIM_INVALID',
      {},
      claim,
    )
  })

  it('a context without id names the missing claim', async () => {
    const token = await sign(platform, { ...resourceLink(), [CLAIM.context]: { label: 'x' } })
    await expectRejected(token, 'ERR_LTI_JWT_CLAIM_MISSING', {}, `${CLAIM.context}.id`)
  })

  it('anonymous resource link launches pass only when allowed', async () => {
    const claims = resourceLink()
    delete claims.sub
    const token = await sign(platform, claims)
    await expectRejected(token, 'ERR_LTI_JWT_CLAIM_MISSING', {}, 'sub')
    const { message } = await verifyIdToken(
      token,
      verifyOptions(platform, { allowAnonymousLaunches: true }),
    )
    expect(launchView(message).user).toBeUndefined()
  })

  it('misconfiguration raises TypeError, not LtiError', async () => {
    const token = await sign(platform, resourceLink())
    await expect(
      verifyIdToken(token, verifyOptions(platform, { issuer: '' })),
    ).rejects.toBeInstanceOf(TypeError)
    await expect(
      verifyIdToken(token, verifyOptions(platform, { algorithms: [] })),
    ).rejects.toBeInstanceOf(TypeError)
    // HS256 is not a SigningAlgorithm: the type refuses it, and so does the runtime.
    const hmac = ['HS256'] as unknown as VerifyIdTokenOptions['algorithms']
    await expect(
      verifyIdToken(token, verifyOptions(platform, { ...(hmac ? { algorithms: hmac } : {}) })),
    ).rejects.toBeInstanceOf(TypeError)
    await expect(
      verifyIdToken(token, verifyOptions(platform, { maxAgeSeconds: -1 })),
    ).rejects.toBeInstanceOf(TypeError)
  })
})

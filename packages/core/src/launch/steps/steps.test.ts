import type { JWTPayload } from 'jose'
import { beforeAll, describe, expect, it } from 'vitest'
import { CLAIM, MESSAGE_TYPE } from '../../claims/uris.js'
import { isLtiError, type LtiErrorCode } from '../../errors/index.js'
import type { NonceStore } from '../../ports.js'
import type { LaunchCheckContext, LaunchStep } from '../context.js'
import { resolveVerifyOptions, type VerifyIdTokenOptions } from '../options.js'
import { MESSAGE_STEPS, TOKEN_STEPS } from '../pipeline.js'
import {
  CLIENT_ID,
  createTestPlatform,
  ISSUER,
  NOW,
  NOW_MS,
  sign,
  type TestPlatform,
  verifyOptions,
} from '../test-support.js'
import { verifyIdToken } from '../tool.js'
import { algorithmAllowed } from './algorithm.js'
import { audience } from './audience.js'
import { deploymentId } from './deployment-id.js'
import { issuer } from './issuer.js'
import { jwsStructure } from './jws-structure.js'
import { keyIdPresent } from './key-id.js'
import { messageClaims } from './message-claims.js'
import { messageType } from './message-type.js'
import { nonce, nonceScope } from './nonce.js'
import { subjectRequired, subjectUnlessAnonymous } from './subject.js'
import { targetLinkUriIfPresent, targetLinkUriRequired } from './target-link-uri.js'
import { timestamps } from './timestamps.js'
import { tokenSize } from './token-size.js'
import { version } from './version.js'

let platform: TestPlatform
beforeAll(async () => {
  platform = await createTestPlatform()
})

function contextWith(
  fields: Partial<Pick<LaunchCheckContext, 'token' | 'header' | 'payload' | 'messageType'>>,
  overrides: Partial<VerifyIdTokenOptions> = {},
): LaunchCheckContext {
  return {
    token: 'x.y.z',
    nowMs: NOW_MS,
    options: resolveVerifyOptions(verifyOptions(platform, overrides)),
    ...fields,
  }
}

async function codeOf(step: LaunchStep, context: LaunchCheckContext): Promise<LtiErrorCode | 'ok'> {
  try {
    await step.run(context)
    return 'ok'
  } catch (error) {
    if (isLtiError(error)) return error.code
    throw error
  }
}

const base: JWTPayload = { iss: ISSUER, aud: CLIENT_ID, exp: NOW + 300, iat: NOW, nonce: 'n-1' }

describe('the step table', () => {
  it('runs the token checks first, nonce after signature, iss, aud and time', () => {
    const names = TOKEN_STEPS.map((step) => step.name)
    expect(names.indexOf('nonce')).toBeGreaterThan(names.indexOf('signature'))
    expect(names.indexOf('nonce')).toBeGreaterThan(names.indexOf('exp-iat'))
    expect(names.indexOf('nonce')).toBeGreaterThan(names.indexOf('aud-azp'))
    expect(names.at(-1)).toBe('message-type')
  })

  it('lists the steps of each message type, ending with the message schema', () => {
    const names = (type: keyof typeof MESSAGE_STEPS) => MESSAGE_STEPS[type].map((step) => step.name)
    expect(names(MESSAGE_TYPE.resourceLink)).toEqual([
      'deployment-id',
      'target-link-uri',
      'sub',
      'message-claims',
    ])
    expect(names(MESSAGE_TYPE.deepLinkingRequest)).toEqual([
      'deployment-id',
      'target-link-uri',
      'message-claims',
    ])
    expect(names(MESSAGE_TYPE.submissionReview)).toEqual([
      'deployment-id',
      'target-link-uri',
      'sub',
      'message-claims',
    ])
    expect(MESSAGE_STEPS[MESSAGE_TYPE.deepLinkingRequest]).toContain(targetLinkUriIfPresent)
    expect(MESSAGE_STEPS[MESSAGE_TYPE.submissionReview]).toContain(subjectRequired)
  })
})

describe('one test per step', () => {
  it('token-size', async () => {
    expect(
      await codeOf(tokenSize, contextWith({ token: 'a'.repeat(10) }, { maxTokenLength: 10 })),
    ).toBe('ok')
    expect(
      await codeOf(tokenSize, contextWith({ token: 'a'.repeat(11) }, { maxTokenLength: 10 })),
    ).toBe('ERR_LTI_INPUT_TOO_LARGE')
  })

  it('jws-structure', async () => {
    const good = contextWith({ token: `${btoa('{"alg":"RS256"}')}.e30.c2ln` })
    expect(await codeOf(jwsStructure, good)).toBe('ok')
    expect(good.header).toEqual({ alg: 'RS256' })
    expect(await codeOf(jwsStructure, contextWith({ token: '.e30.sig' }))).toBe(
      'ERR_LTI_JWT_MALFORMED',
    )
  })

  it('alg-allowed', async () => {
    expect(await codeOf(algorithmAllowed, contextWith({ header: { alg: 'RS256' } }))).toBe('ok')
    expect(await codeOf(algorithmAllowed, contextWith({ header: { alg: 'RS512' } }))).toBe(
      'ERR_LTI_JWT_ALG_NOT_ALLOWED',
    )
    expect(await codeOf(algorithmAllowed, contextWith({ header: { alg: 'none' } }))).toBe(
      'ERR_LTI_JWT_ALG_NOT_ALLOWED',
    )
    expect(await codeOf(algorithmAllowed, contextWith({ header: {} }))).toBe(
      'ERR_LTI_JWT_MALFORMED',
    )
    expect(
      await codeOf(
        algorithmAllowed,
        contextWith({ header: { alg: 'RS512' } }, { algorithms: ['RS512'] }),
      ),
    ).toBe('ok')
  })

  it('kid-present', async () => {
    expect(await codeOf(keyIdPresent, contextWith({ header: { alg: 'RS256', kid: 'k' } }))).toBe(
      'ok',
    )
    expect(await codeOf(keyIdPresent, contextWith({ header: { alg: 'RS256', kid: '' } }))).toBe(
      'ERR_LTI_KID_MISSING',
    )
  })

  it('iss', async () => {
    expect(await codeOf(issuer, contextWith({ payload: base }))).toBe('ok')
    expect(await codeOf(issuer, contextWith({ payload: { ...base, iss: `${ISSUER}/` } }))).toBe(
      'ERR_LTI_JWT_CLAIM_INVALID',
    )
  })

  it('aud-azp', async () => {
    expect(await codeOf(audience, contextWith({ payload: { ...base, azp: CLIENT_ID } }))).toBe('ok')
    expect(
      await codeOf(
        audience,
        contextWith({ payload: { ...base, aud: [CLIENT_ID, 'x'], azp: CLIENT_ID } }),
      ),
    ).toBe('ERR_LTI_JWT_CLAIM_INVALID')
    expect(
      await codeOf(
        audience,
        contextWith({ payload: { ...base, aud: [CLIENT_ID, 'x'] } }, { trustedAudiences: ['x'] }),
      ),
    ).toBe('ERR_LTI_JWT_CLAIM_MISSING')
  })

  it('exp-iat', async () => {
    expect(await codeOf(timestamps, contextWith({ payload: base }))).toBe('ok')
    // Boundaries: exp exactly skew seconds ago is expired; iat exactly skew ahead still passes.
    expect(await codeOf(timestamps, contextWith({ payload: { ...base, exp: NOW - 60 } }))).toBe(
      'ERR_LTI_JWT_EXPIRED',
    )
    expect(await codeOf(timestamps, contextWith({ payload: { ...base, exp: NOW - 59 } }))).toBe(
      'ok',
    )
    expect(await codeOf(timestamps, contextWith({ payload: { ...base, iat: NOW + 60 } }))).toBe(
      'ok',
    )
    expect(await codeOf(timestamps, contextWith({ payload: { ...base, iat: NOW + 61 } }))).toBe(
      'ERR_LTI_JWT_NOT_YET_VALID',
    )
    expect(await codeOf(timestamps, contextWith({ payload: { ...base, iat: NOW - 360 } }))).toBe(
      'ok',
    )
    expect(await codeOf(timestamps, contextWith({ payload: { ...base, iat: NOW - 361 } }))).toBe(
      'ERR_LTI_JWT_EXPIRED',
    )
    expect(await codeOf(timestamps, contextWith({ payload: { ...base, nbf: NOW + 61 } }))).toBe(
      'ERR_LTI_JWT_NOT_YET_VALID',
    )
    expect(
      await codeOf(
        timestamps,
        contextWith({ payload: { ...base, exp: 'soon' } as unknown as JWTPayload }),
      ),
    ).toBe('ERR_LTI_JWT_CLAIM_INVALID')
  })

  it('nonce: consumed once, in the issuer/client scope, until the token could no longer pass', async () => {
    const calls: [string, string, number][] = []
    const seen = new Set<string>()
    const nonceStore: NonceStore = {
      consume(scope, value, expiresAt) {
        calls.push([scope, value, expiresAt])
        const fresh = !seen.has(value)
        seen.add(value)
        return Promise.resolve(fresh)
      },
    }
    expect(await codeOf(nonce, contextWith({ payload: base }, { nonceStore }))).toBe('ok')
    expect(await codeOf(nonce, contextWith({ payload: base }, { nonceStore }))).toBe(
      'ERR_LTI_NONCE_REPLAYED',
    )
    expect(calls[0]).toEqual([nonceScope(ISSUER, CLIENT_ID), 'n-1', (NOW + 300 + 60) * 1000])
    expect(
      await codeOf(
        nonce,
        contextWith({ payload: { ...base, nonce: 'n-2' } }, { nonceStore, expectedNonce: 'n-3' }),
      ),
    ).toBe('ERR_LTI_NONCE_MISMATCH')
    expect(calls).toHaveLength(2)
  })

  it('nonce: a forged token never reaches the nonce store', async () => {
    const calls: string[] = []
    const nonceStore: NonceStore = {
      consume: (_s, value) => (calls.push(value), Promise.resolve(true)),
    }
    const impostor = await createTestPlatform()
    const token = await sign(impostor, { ...base, nonce: 'victim-nonce' })
    await expect(
      verifyIdToken(token, verifyOptions(platform, { nonceStore })),
    ).rejects.toMatchObject({ code: 'ERR_LTI_JWT_SIGNATURE_INVALID' })
    expect(calls).toEqual([])
  })

  it('version', async () => {
    expect(await codeOf(version, contextWith({ payload: { [CLAIM.version]: '1.3.0' } }))).toBe('ok')
    expect(await codeOf(version, contextWith({ payload: { [CLAIM.version]: '1.3' } }))).toBe(
      'ERR_LTI_VERSION_UNSUPPORTED',
    )
    expect(await codeOf(version, contextWith({ payload: { [CLAIM.version]: 1.3 } }))).toBe(
      'ERR_LTI_JWT_CLAIM_INVALID',
    )
  })

  it('message-type', async () => {
    const context = contextWith({ payload: { [CLAIM.messageType]: MESSAGE_TYPE.submissionReview } })
    expect(await codeOf(messageType, context)).toBe('ok')
    expect(context.messageType).toBe(MESSAGE_TYPE.submissionReview)
    expect(
      await codeOf(messageType, contextWith({ payload: { [CLAIM.messageType]: 'toString' } })),
    ).toBe('ERR_LTI_MESSAGE_TYPE_UNSUPPORTED')
    expect(await codeOf(messageType, contextWith({ payload: {} }))).toBe(
      'ERR_LTI_JWT_CLAIM_MISSING',
    )
  })

  it('deployment-id', async () => {
    const payload = (value: unknown) => ({ [CLAIM.deploymentId]: value })
    expect(await codeOf(deploymentId, contextWith({ payload: payload('testdeploy') }))).toBe('ok')
    expect(await codeOf(deploymentId, contextWith({ payload: payload('other') }))).toBe(
      'ERR_LTI_DEPLOYMENT_NOT_ACCEPTED',
    )
    expect(await codeOf(deploymentId, contextWith({ payload: payload('dé') }))).toBe(
      'ERR_LTI_JWT_CLAIM_INVALID',
    )
    expect(await codeOf(deploymentId, contextWith({ payload: {} }))).toBe(
      'ERR_LTI_JWT_CLAIM_MISSING',
    )
  })

  it('target-link-uri (required and if-present)', async () => {
    const options = { expectedTargetLinkUri: 'https://tool.example/launch' }
    const payload = { [CLAIM.targetLinkUri]: 'https://tool.example/launch' }
    expect(await codeOf(targetLinkUriRequired, contextWith({ payload }, options))).toBe('ok')
    expect(await codeOf(targetLinkUriRequired, contextWith({ payload: {} }, options))).toBe(
      'ERR_LTI_JWT_CLAIM_MISSING',
    )
    expect(await codeOf(targetLinkUriIfPresent, contextWith({ payload: {} }, options))).toBe('ok')
    const other = { [CLAIM.targetLinkUri]: 'https://tool.example/other' }
    expect(await codeOf(targetLinkUriIfPresent, contextWith({ payload: other }, options))).toBe(
      'ERR_LTI_TARGET_LINK_URI_MISMATCH',
    )
  })

  it('sub (unless anonymous, and always)', async () => {
    expect(await codeOf(subjectUnlessAnonymous, contextWith({ payload: {} }))).toBe(
      'ERR_LTI_JWT_CLAIM_MISSING',
    )
    expect(
      await codeOf(
        subjectUnlessAnonymous,
        contextWith({ payload: {} }, { allowAnonymousLaunches: true }),
      ),
    ).toBe('ok')
    expect(
      await codeOf(
        subjectUnlessAnonymous,
        contextWith(
          { payload: { sub: 7 } as unknown as JWTPayload },
          { allowAnonymousLaunches: true },
        ),
      ),
    ).toBe('ERR_LTI_JWT_CLAIM_INVALID')
    expect(
      await codeOf(subjectRequired, contextWith({ payload: {} }, { allowAnonymousLaunches: true })),
    ).toBe('ERR_LTI_JWT_CLAIM_MISSING')
  })

  it('message-claims', async () => {
    const payload = {
      ...base,
      [CLAIM.messageType]: MESSAGE_TYPE.deepLinkingRequest,
      [CLAIM.version]: '1.3.0',
      [CLAIM.deploymentId]: 'testdeploy',
    }
    const messageTypeSet = { messageType: MESSAGE_TYPE.deepLinkingRequest }
    expect(await codeOf(messageClaims, contextWith({ payload, ...messageTypeSet }))).toBe(
      'ERR_LTI_JWT_CLAIM_MISSING',
    )
    const settings = {
      deep_link_return_url: 'https://lms.example/dl',
      accept_types: ['link'],
      accept_presentation_document_targets: [],
    }
    const context = contextWith({
      payload: { ...payload, [CLAIM.deepLinkingSettings]: settings },
      ...messageTypeSet,
    })
    expect(await codeOf(messageClaims, context)).toBe('ok')
    expect(context.message).toBeDefined()
    const badUrl = { ...settings, deep_link_return_url: 'javascript:alert(1)' }
    expect(
      await codeOf(
        messageClaims,
        contextWith({
          payload: { ...payload, [CLAIM.deepLinkingSettings]: badUrl },
          ...messageTypeSet,
        }),
      ),
    ).toBe('ERR_LTI_JWT_CLAIM_INVALID')
  })

  it('steps called out of order are a programming error (TypeError)', async () => {
    await expect(Promise.resolve().then(() => issuer.run(contextWith({})))).rejects.toBeInstanceOf(
      TypeError,
    )
    await expect(
      Promise.resolve().then(() => algorithmAllowed.run(contextWith({}))),
    ).rejects.toBeInstanceOf(TypeError)
    await expect(
      Promise.resolve().then(() => messageClaims.run(contextWith({ payload: base }))),
    ).rejects.toBeInstanceOf(TypeError)
  })
})

import { type JWTPayload, SignJWT } from 'jose'
import { beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { DeepLinkingSettingsClaim } from '../claims/deep-linking-settings.js'
import { CLAIM } from '../claims/uris.js'
import { isLtiError } from '../errors/lti-error.js'
import { localKeyResolver } from '../keys/resolvers.js'
import { generateSigningKey } from '../keys/signing-key.js'
import type { SigningKey } from '../keys/types.js'
import { MemoryNonceStore } from '../ports.js'
import { MAX_RESPONSE_JWT_LENGTH, verifyDeepLinkingResponse } from './platform.js'
import type { ContentItem } from './schema.js'
import { buildDeepLinkingResponse } from './tool.js'
import specItems from './vectors/dl-spec-content-items.json' with { type: 'json' }
import tv12 from './vectors/tv-12-deep-linking.json' with { type: 'json' }

const NOW = Date.UTC(2025, 0, 15, 12, 0, 0)
const NOW_S = NOW / 1000
const clock = () => NOW
const CLIENT_ID = tv12.request.aud
const PLATFORM = tv12.request.iss
const DEPLOYMENT = tv12.request.deploymentId
const settings: DeepLinkingSettingsClaim = tv12.settings

let toolKey: SigningKey
let strangerKey: SigningKey
let nonceStore: MemoryNonceStore
let counter = 0

beforeAll(async () => {
  ;[toolKey, strangerKey] = await Promise.all([
    generateSigningKey({ kid: 'tool-1' }),
    generateSigningKey({ kid: 'stranger' }),
  ])
})

beforeEach(() => {
  nonceStore = new MemoryNonceStore(clock)
})

function options(overrides: Partial<Parameters<typeof verifyDeepLinkingResponse>[1]> = {}) {
  return {
    keys: localKeyResolver({ keys: [toolKey.publicJwk] }),
    clientId: CLIENT_ID,
    platformIssuer: PLATFORM,
    deploymentId: DEPLOYMENT,
    settings,
    nonceStore,
    clock,
    ...overrides,
  }
}

/** A well-formed response payload; each negative test breaks one thing. */
function payload(overrides: Record<string, unknown> = {}): JWTPayload {
  return {
    iss: CLIENT_ID,
    aud: PLATFORM,
    iat: NOW_S,
    exp: NOW_S + 300,
    nonce: `n-${(counter += 1)}`,
    [CLAIM.messageType]: 'LtiDeepLinkingResponse',
    [CLAIM.version]: '1.3.0',
    [CLAIM.deploymentId]: DEPLOYMENT,
    [CLAIM.deepLinkingData]: '909708',
    [CLAIM.contentItems]: [{ type: 'ltiResourceLink', title: 'Quiz' }],
    ...overrides,
  }
}

function sign(claims: JWTPayload, key: SigningKey = toolKey, alg = 'RS256'): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg, kid: key.kid }).sign(key.privateKey)
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise
  } catch (error) {
    if (isLtiError(error))
      return error.claim === undefined ? error.code : `${error.code} ${error.claim}`
    throw error
  }
  throw new Error('expected a rejection')
}

describe('verifyDeepLinkingResponse: round trip', () => {
  it('accepts what buildDeepLinkingResponse signs (TV-12) and returns typed items', async () => {
    const jwt = await buildDeepLinkingResponse({
      signingKey: toolKey,
      clientId: CLIENT_ID,
      platformIssuer: PLATFORM,
      deploymentId: DEPLOYMENT,
      data: settings.data,
      contentItems: tv12.expectedResponse[CLAIM.contentItems] as ContentItem[],
      msg: 'Added',
      log: 'ok',
      clock,
    })
    const response = await verifyDeepLinkingResponse(jwt, options())
    expect(response).toEqual({
      items: tv12.expectedResponse[CLAIM.contentItems],
      msg: 'Added',
      log: 'ok',
      errormsg: undefined,
      errorlog: undefined,
      data: '909708',
    })
  })

  it('accepts the DL spec example items when their types are accepted', async () => {
    const wide: DeepLinkingSettingsClaim = {
      ...settings,
      accept_types: [...settings.accept_types, 'https://www.example.com/custom_type'],
      accept_media_types: 'application/pdf',
    }
    const jwt = await sign(payload({ [CLAIM.contentItems]: specItems.items }))
    const response = await verifyDeepLinkingResponse(jwt, options({ settings: wide }))
    expect(response.items).toEqual(specItems.items)
  })

  it('accepts a response without content_items, and expectedData kept apart', async () => {
    const noData: DeepLinkingSettingsClaim = { ...settings }
    delete noData.data
    const jwt = await sign(payload({ [CLAIM.contentItems]: undefined }))
    const response = await verifyDeepLinkingResponse(
      jwt,
      options({ settings: noData, expectedData: '909708' }),
    )
    expect(response.items).toEqual([])
  })

  it('rejects contradictory expectedData and settings.data as misuse', async () => {
    const jwt = await sign(payload())
    await expect(verifyDeepLinkingResponse(jwt, options({ expectedData: 'x' }))).rejects.toThrow(
      TypeError,
    )
  })
})

describe('verifyDeepLinkingResponse: JWT checks (SEC)', () => {
  it('bad signature', async () => {
    const [header, , signature] = (await sign(payload())).split('.')
    const forged = Buffer.from(JSON.stringify(payload({ iss: CLIENT_ID }))).toString('base64url')
    expect(
      await codeOf(verifyDeepLinkingResponse(`${header}.${forged}.${signature}`, options())),
    ).toBe('ERR_LTI_JWT_SIGNATURE_INVALID')
  })

  it('unknown kid', async () => {
    const jwt = await sign(payload(), strangerKey)
    expect(await codeOf(verifyDeepLinkingResponse(jwt, options()))).toBe('ERR_LTI_KID_UNKNOWN')
  })

  it('a known kid with the wrong key', async () => {
    const jwt = await new SignJWT(payload())
      .setProtectedHeader({ alg: 'RS256', kid: toolKey.kid })
      .sign(strangerKey.privateKey)
    expect(await codeOf(verifyDeepLinkingResponse(jwt, options()))).toBe(
      'ERR_LTI_JWT_SIGNATURE_INVALID',
    )
  })

  it('alg none and HS256 are refused', async () => {
    const body = Buffer.from(JSON.stringify(payload())).toString('base64url')
    const none = `${Buffer.from('{"alg":"none","kid":"tool-1"}').toString('base64url')}.${body}.`
    expect(await codeOf(verifyDeepLinkingResponse(none, options()))).toMatch(
      /^ERR_LTI_JWT_(ALG_NOT_ALLOWED|MALFORMED)$/,
    )
    const hs = await new SignJWT(payload())
      .setProtectedHeader({ alg: 'HS256', kid: 'tool-1' })
      .sign(new TextEncoder().encode(JSON.stringify(toolKey.publicJwk)))
    expect(await codeOf(verifyDeepLinkingResponse(hs, options()))).toBe(
      'ERR_LTI_JWT_ALG_NOT_ALLOWED',
    )
  })

  it('iss other than the client_id', async () => {
    const jwt = await sign(payload({ iss: 'someone-else' }))
    expect(await codeOf(verifyDeepLinkingResponse(jwt, options()))).toBe(
      'ERR_LTI_JWT_CLAIM_INVALID iss',
    )
  })

  it('aud without the platform issuer, or with untrusted extra audiences', async () => {
    for (const aud of [
      'https://other.example',
      [`${PLATFORM}/`],
      [PLATFORM, 'https://evil.example'],
    ]) {
      const jwt = await sign(payload({ aud }))
      expect(await codeOf(verifyDeepLinkingResponse(jwt, options()))).toBe(
        'ERR_LTI_JWT_CLAIM_INVALID aud',
      )
    }
  })

  it('aud as an array holding only the platform issuer is accepted', async () => {
    const jwt = await sign(payload({ aud: [PLATFORM] }))
    await expect(verifyDeepLinkingResponse(jwt, options())).resolves.toMatchObject({
      data: '909708',
    })
  })

  it('expired, too old, or issued in the future', async () => {
    const expired = await sign(payload({ iat: NOW_S - 200, exp: NOW_S - 61 }))
    expect(await codeOf(verifyDeepLinkingResponse(expired, options()))).toBe(
      'ERR_LTI_JWT_EXPIRED exp',
    )
    const old = await sign(payload({ iat: NOW_S - 400, exp: NOW_S + 300 }))
    expect(await codeOf(verifyDeepLinkingResponse(old, options()))).toBe('ERR_LTI_JWT_EXPIRED iat')
    const future = await sign(payload({ iat: NOW_S + 120, exp: NOW_S + 400 }))
    expect(await codeOf(verifyDeepLinkingResponse(future, options()))).toBe(
      'ERR_LTI_JWT_NOT_YET_VALID iat',
    )
  })

  it.each(['nonce', 'exp', 'iat', CLAIM.deploymentId, CLAIM.messageType, CLAIM.version])(
    'missing %s',
    async (claim) => {
      const jwt = await sign(payload({ [claim]: undefined }))
      expect(await codeOf(verifyDeepLinkingResponse(jwt, options()))).toBe(
        `ERR_LTI_JWT_CLAIM_MISSING ${claim}`,
      )
    },
  )

  it('a replayed nonce', async () => {
    const jwt = await sign(payload())
    await verifyDeepLinkingResponse(jwt, options())
    expect(await codeOf(verifyDeepLinkingResponse(jwt, options()))).toBe(
      'ERR_LTI_DL_NONCE_REPLAYED nonce',
    )
  })

  it('malformed and oversize tokens', async () => {
    expect(await codeOf(verifyDeepLinkingResponse('not-a-jwt', options()))).toBe(
      'ERR_LTI_JWT_MALFORMED',
    )
    const huge = 'a'.repeat(MAX_RESPONSE_JWT_LENGTH + 1)
    expect(await codeOf(verifyDeepLinkingResponse(huge, options()))).toBe(
      'ERR_LTI_INPUT_TOO_LARGE JWT',
    )
    await expect(verifyDeepLinkingResponse(42 as unknown as string, options())).rejects.toThrow(
      TypeError,
    )
  })
})

describe('verifyDeepLinkingResponse: message checks (DL)', () => {
  it.each([['LTIDeepLinkingResponse'], ['LtiResourceLinkRequest']])(
    'message_type %s',
    async (messageType) => {
      const jwt = await sign(payload({ [CLAIM.messageType]: messageType }))
      expect(await codeOf(verifyDeepLinkingResponse(jwt, options()))).toBe(
        `ERR_LTI_DL_MESSAGE_TYPE_INVALID ${CLAIM.messageType}`,
      )
    },
  )

  it('version other than 1.3.0', async () => {
    const jwt = await sign(payload({ [CLAIM.version]: '1.1' }))
    expect(await codeOf(verifyDeepLinkingResponse(jwt, options()))).toBe(
      `ERR_LTI_DL_VERSION_INVALID ${CLAIM.version}`,
    )
  })

  it('deployment_id of another deployment', async () => {
    const jwt = await sign(payload({ [CLAIM.deploymentId]: 'other' }))
    expect(await codeOf(verifyDeepLinkingResponse(jwt, options()))).toBe(
      `ERR_LTI_DL_DEPLOYMENT_MISMATCH ${CLAIM.deploymentId}`,
    )
  })

  it('data changed or dropped', async () => {
    for (const data of ['909709', undefined]) {
      const jwt = await sign(payload({ [CLAIM.deepLinkingData]: data }))
      expect(await codeOf(verifyDeepLinkingResponse(jwt, options()))).toBe(
        `ERR_LTI_DL_DATA_MISMATCH ${CLAIM.deepLinkingData}`,
      )
    }
  })

  it('message claims of the wrong type', async () => {
    const jwt = await sign(payload({ [CLAIM.deepLinkingMsg]: { html: 'x' } }))
    expect(await codeOf(verifyDeepLinkingResponse(jwt, options()))).toBe(
      `ERR_LTI_INVALID_PAYLOAD ${CLAIM.deepLinkingMsg}`,
    )
    const items = await sign(payload({ [CLAIM.contentItems]: { type: 'link' } }))
    expect(await codeOf(verifyDeepLinkingResponse(items, options()))).toBe(
      `ERR_LTI_INVALID_PAYLOAD ${CLAIM.contentItems}`,
    )
  })

  it('does not use up the nonce of a rejected response', async () => {
    const nonce = 'kept'
    const bad = await sign(
      payload({ nonce, [CLAIM.contentItems]: [{ type: 'image', url: 'https://x/y' }] }),
    )
    expect(await codeOf(verifyDeepLinkingResponse(bad, options()))).toMatch(/NOT_ACCEPTED/)
    expect(await nonceStore.consume(`lti-dl-response:${CLIENT_ID}`, nonce, NOW + 1000)).toBe(true)
  })
})

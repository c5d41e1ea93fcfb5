import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { lti1p1ClaimSchema } from '../claims/core-claims.js'
import { isLtiError } from '../errors/lti-error.js'
import { buildLti1p1Claim, signLti1p1Claim, verifyLti1p1Claim } from './lti1p1.js'
import tv10 from './vectors/tv-10-lti1p1-signature.json' with { type: 'json' }

const { oauthConsumerKey, ...bound } = tv10.input

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise
  } catch (error) {
    if (isLtiError(error)) return error.code
    throw error
  }
  return 'accepted'
}

describe('TV-10 oauth_consumer_key_sign', () => {
  it('signs the vector', async () => {
    expect(await signLti1p1Claim(tv10.input)).toBe(tv10.oauth_consumer_key_sign)
  })

  it('verifies the vector', async () => {
    const claim = {
      oauth_consumer_key: oauthConsumerKey,
      oauth_consumer_key_sign: tv10.oauth_consumer_key_sign,
    }
    await expect(verifyLti1p1Claim({ ...bound, claim })).resolves.toEqual(claim)
  })
})

describe('verifyLti1p1Claim negatives', () => {
  const claim = {
    user_id: '42',
    oauth_consumer_key: oauthConsumerKey,
    oauth_consumer_key_sign: tv10.oauth_consumer_key_sign,
  }

  it.each([
    ['a tampered consumer key', { claim: { ...claim, oauth_consumer_key: '179248903' } }],
    ['the wrong secret', { oauthConsumerSecret: 'my-lti11-secreT' }],
    ['another nonce', { nonce: '172we8671fd8y' }],
    ['another exp', { exp: tv10.input.exp + 1 }],
    ['another deployment', { deploymentId: '689303' }],
    ['another issuer', { issuer: 'https://lmsvendor.com/' }],
    ['another client_id', { clientId: 'PM48OJSfGDTAzAp' }],
    [
      'a truncated signature',
      { claim: { ...claim, oauth_consumer_key_sign: tv10.oauth_consumer_key_sign.slice(0, 40) } },
    ],
    ['a hex signature', { claim: { ...claim, oauth_consumer_key_sign: 'ab'.repeat(32) } }],
    [
      'a base64url signature',
      {
        claim: {
          ...claim,
          oauth_consumer_key_sign: tv10.oauth_consumer_key_sign.replace('+', '-'),
        },
      },
    ],
  ])('rejects %s with ERR_LTI_LTI1P1_SIGNATURE_INVALID', async (_label, override) => {
    expect(await codeOf(verifyLti1p1Claim({ ...bound, claim, ...override }))).toBe(
      'ERR_LTI_LTI1P1_SIGNATURE_INVALID',
    )
  })

  it.each([
    ['no signature', { oauth_consumer_key: oauthConsumerKey }],
    ['no consumer key', { oauth_consumer_key_sign: tv10.oauth_consumer_key_sign }],
    ['an empty signature', { oauth_consumer_key: oauthConsumerKey, oauth_consumer_key_sign: '' }],
    ['a non-string key', { oauth_consumer_key: 179248902, oauth_consumer_key_sign: 'x' }],
  ])('rejects %s with ERR_LTI_LTI1P1_SIGNATURE_MISSING', async (_label, partial) => {
    const bad = partial as unknown as Parameters<typeof verifyLti1p1Claim>[0]['claim']
    expect(await codeOf(verifyLti1p1Claim({ ...bound, claim: bad }))).toBe(
      'ERR_LTI_LTI1P1_SIGNATURE_MISSING',
    )
  })

  it('never puts the secret in the error', async () => {
    const error: unknown = await verifyLti1p1Claim({
      ...bound,
      oauthConsumerSecret: 'wrong-secret-value',
      claim,
    }).catch((caught: unknown) => caught)
    expect(isLtiError(error, 'ERR_LTI_LTI1P1_SIGNATURE_INVALID')).toBe(true)
    const seen = JSON.stringify({ ...(error as object), message: (error as Error).message })
    expect(seen).not.toContain('wrong-secret-value')
  })
})

describe('signLti1p1Claim misuse', () => {
  it.each([[{ oauthConsumerSecret: '' }], [{ nonce: '' }], [{ exp: 1.5 }], [{ exp: Number.NaN }]])(
    'throws TypeError for %j',
    async (override) => {
      await expect(signLti1p1Claim({ ...tv10.input, ...override })).rejects.toThrow(TypeError)
    },
  )
})

describe('buildLti1p1Claim', () => {
  it('signs and keeps only the 1.1 values that differ from 1.3', async () => {
    const claim = await buildLti1p1Claim({
      ...tv10.input,
      userId: '42',
      contextId: 'ctx-1',
      resourceLinkId: 'rl-11',
      toolConsumerInstanceGuid: 'guid',
      lti13: {
        sub: 'a-different-sub',
        contextId: 'ctx-1',
        resourceLinkId: 'rl-13',
        toolPlatformGuid: 'guid',
      },
    })
    expect(claim).toEqual({
      user_id: '42',
      resource_link_id: 'rl-11',
      oauth_consumer_key: oauthConsumerKey,
      oauth_consumer_key_sign: tv10.oauth_consumer_key_sign,
    })
    expect(lti1p1ClaimSchema.parse(claim)).toEqual(claim)
  })

  it('round-trips through verifyLti1p1Claim for any inputs (fast-check)', async () => {
    const text = fc.string({ minLength: 1, maxLength: 40 })
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          oauthConsumerKey: text,
          oauthConsumerSecret: text,
          deploymentId: text,
          issuer: text,
          clientId: text,
          nonce: text,
          exp: fc.integer({ min: 0, max: 2 ** 40 }),
        }),
        text,
        async (input, otherNonce) => {
          const rest = { ...input, oauthConsumerKey: undefined }
          const claim = await buildLti1p1Claim({ ...input, userId: 'u' })
          await expect(verifyLti1p1Claim({ ...rest, claim })).resolves.toMatchObject(claim)
          if (otherNonce !== input.nonce) {
            expect(await codeOf(verifyLti1p1Claim({ ...rest, nonce: otherNonce, claim }))).toBe(
              'ERR_LTI_LTI1P1_SIGNATURE_INVALID',
            )
          }
        },
      ),
      { numRuns: 50 },
    )
  })
})

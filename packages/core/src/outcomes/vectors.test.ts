import { describe, expect, it } from 'vitest'
import { MemoryNonceStore } from '../ports.js'
import {
  formatAuthorizationHeader,
  parseAuthorizationHeader,
} from '../oauth1/authorization-header.js'
import { signatureBaseString } from '../oauth1/base-string.js'
import { signOAuth1 } from '../oauth1/sign.js'
import { computeBodyHash } from './body-hash.js'
import { handleOutcomeRequest, type OutcomeHandlers } from './platform.js'
import { parseOutcomeResponse } from './pox-response.js'
import { buildOutcomeRequest } from './tool.js'
import tv8 from './vectors/tv-8-body-hash.json' with { type: 'json' }
import tv9 from './vectors/tv-9-replace-result.json' with { type: 'json' }

const clock = () => tv9.timestamp * 1000

function deps(handlers: Partial<OutcomeHandlers> = {}) {
  const stored = new Map<string, number>()
  return {
    stored,
    lookupConsumerSecret: (key: string) =>
      Promise.resolve(key === tv9.consumerKey ? tv9.consumerSecret : undefined),
    nonceStore: new MemoryNonceStore(clock),
    clock,
    handlers: {
      replaceResult: (op: { sourcedId: string; score: number }) => {
        stored.set(op.sourcedId, op.score)
        return Promise.resolve()
      },
      readResult: () => Promise.resolve(null),
      deleteResult: () => Promise.resolve(),
      ...handlers,
    },
  }
}

function vectorRequest(body: string = tv9.body, contentType = tv9.contentType) {
  return new Request(tv9.url, {
    method: 'POST',
    headers: { 'content-type': contentType, authorization: tv9.authorization },
    body,
  })
}

describe('TV-8 body hash', () => {
  it('hashes "Hello World!"', async () => {
    expect(await computeBodyHash(tv8.body)).toBe(tv8.bodyHash)
  })
})

describe('TV-9 signed replaceResult', () => {
  it('has the documented body', async () => {
    expect(new TextEncoder().encode(tv9.body).byteLength).toBe(tv9.bodyBytes)
    expect(await computeBodyHash(tv9.body)).toBe(tv9.bodyHash)
  })

  it('the tool builds the exact body, body hash, base string and signature', async () => {
    const request = await buildOutcomeRequest({
      serviceUrl: tv9.url,
      consumerKey: tv9.consumerKey,
      secret: tv9.consumerSecret,
      operation: { operation: 'replaceResult', sourcedId: '3124567', score: 0.92 },
      messageIdentifier: '999999123',
      clock,
      nonce: tv9.nonce,
    })
    expect(request.headers.get('content-type')).toMatch(/^application\/xml/)
    expect(await request.clone().text()).toBe(tv9.body)
    const params = parseAuthorizationHeader(request.headers.get('authorization') ?? '') ?? []
    expect(params).toContainEqual(['oauth_body_hash', tv9.bodyHash])
    expect(params).toContainEqual(['oauth_signature', tv9.signature])
    expect(signatureBaseString({ method: 'POST', url: tv9.url, params })).toBe(tv9.baseString)
  })

  it('the platform accepts the oauthlib-signed request and answers success', async () => {
    const d = deps()
    const response = await handleOutcomeRequest(vectorRequest(), d)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toMatch(/^application\/xml/)
    const parsed = parseOutcomeResponse(await response.text())
    expect(parsed).toMatchObject({
      codeMajor: tv9.expected.codeMajor,
      severity: 'status',
      messageRefIdentifier: tv9.expected.messageIdentifier,
      operation: tv9.expected.operationRefIdentifier,
    })
    expect(d.stored.get(tv9.expected.sourcedId)).toBe(tv9.expected.score)
  })

  it('negative twin: one changed body byte is a body-hash mismatch (401)', async () => {
    const response = await handleOutcomeRequest(
      vectorRequest(tv9.body.replace('0.92', '0.93')),
      deps(),
    )
    expect(response.status).toBe(401)
    expect(parseOutcomeResponse(await response.text()).codeMajor).toBe('failure')
  })

  it.each(['1.5', 'abc'])('negative twin: textString %s answers failure', async (score) => {
    const body = tv9.body.replace('0.92', score)
    const d = deps()
    // Re-signed, so that only the score is wrong.
    const response = await handleOutcomeRequest(await resign(body), d)
    expect(response.status).toBe(200)
    expect(parseOutcomeResponse(await response.text())).toMatchObject({
      codeMajor: 'failure',
      messageRefIdentifier: '999999123',
    })
    expect(d.stored.size).toBe(0)
  })

  it('negative twin: <fooRequest/> answers unsupported', async () => {
    const body = tv9.body.replace(
      /<imsx_POXBody>.*<\/imsx_POXBody>/,
      '<imsx_POXBody><fooRequest/></imsx_POXBody>',
    )
    const response = await handleOutcomeRequest(await resign(body), deps())
    expect(response.status).toBe(200)
    expect(parseOutcomeResponse(await response.text())).toMatchObject({
      codeMajor: 'unsupported',
      severity: 'status',
      operation: 'foo',
    })
  })
})

/** Signs an arbitrary POX body with the vector's credentials, as a misbehaving tool would. */
async function resign(body: string): Promise<Request> {
  const params = await signOAuth1({
    method: 'POST',
    url: tv9.url,
    params: [['oauth_body_hash', await computeBodyHash(body)]],
    consumerKey: tv9.consumerKey,
    consumerSecret: tv9.consumerSecret,
    clock,
  })
  return new Request(tv9.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/xml',
      authorization: formatAuthorizationHeader(params),
    },
    body,
  })
}

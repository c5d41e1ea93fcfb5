import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { LtiErrorCode } from '../errors/catalogue.js'
import { LtiError } from '../errors/lti-error.js'
import { formatAuthorizationHeader } from '../oauth1/authorization-header.js'
import { signOAuth1 } from '../oauth1/sign.js'
import { MemoryNonceStore } from '../ports.js'
import { hasForbiddenXmlChar } from '../internal/lti11-xml.js'
import { computeBodyHash } from './body-hash.js'
import { handleOutcomeRequest, type OutcomeHandlers, verifyOutcomeRequest } from './platform.js'
import { buildOutcomeRequestXml, parseOutcomeRequest } from './pox-request.js'
import { buildOutcomeResponse, parseOutcomeResponse } from './pox-response.js'
import { formatScore, parseScore } from './score.js'
import { buildOutcomeRequest, processOutcomeResponse } from './tool.js'

const NOW = 1_700_000_000_000
const clock = () => NOW
const SERVICE = 'https://lms.example.com/lti11/outcomes'
const credentials = { consumerKey: 'key', secret: 'secret' }

function verifierDeps() {
  return {
    lookupConsumerSecret: (key: string) => Promise.resolve(key === 'key' ? 'secret' : undefined),
    nonceStore: new MemoryNonceStore(clock),
    clock,
  }
}

/** A gradebook in memory, scoped by consumer key as a real platform must be. */
function gradebook(): OutcomeHandlers & { scores: Map<string, number> } {
  const scores = new Map<string, number>([['key:known', 0.5]])
  const keyOf = (consumerKey: string, sourcedId: string) => {
    const key = `${consumerKey}:${sourcedId}`
    if (!key.endsWith(':known')) throw new LtiError('ERR_LTI_OUTCOME_UNKNOWN_SOURCEDID')
    return key
  }
  return {
    scores,
    replaceResult: (op, ctx) => {
      scores.set(keyOf(ctx.consumerKey, op.sourcedId), op.score)
      return Promise.resolve()
    },
    readResult: (op, ctx) =>
      Promise.resolve(scores.get(keyOf(ctx.consumerKey, op.sourcedId)) ?? null),
    deleteResult: (op, ctx) => {
      scores.delete(keyOf(ctx.consumerKey, op.sourcedId))
      return Promise.resolve()
    },
  }
}

/** Signs a raw body with a body hash, the way a (possibly misbehaving) tool would. */
async function signedPox(body: string, init: { contentType?: string; bodyHash?: string } = {}) {
  const params = await signOAuth1({
    method: 'POST',
    url: SERVICE,
    params: [['oauth_body_hash', init.bodyHash ?? (await computeBodyHash(body))]],
    consumerKey: 'key',
    consumerSecret: 'secret',
    clock,
  })
  return new Request(SERVICE, {
    method: 'POST',
    headers: {
      'content-type': init.contentType ?? 'application/xml',
      authorization: formatAuthorizationHeader(params),
    },
    body,
  })
}

const replaceXml = (score: string, sourcedId = 'known') =>
  buildOutcomeRequestXml({ operation: 'readResult', sourcedId }, 'm-1').replace(
    /<readResultRequest>(.*)<\/readResultRequest>/,
    (_all, record: string) =>
      `<replaceResultRequest>${record.replace(
        '</resultRecord>',
        `<result><resultScore><language>en</language><textString>${score}</textString></resultScore></result></resultRecord>`,
      )}</replaceResultRequest>`,
  )

async function expectCode(promise: Promise<unknown>, code: LtiErrorCode, claim?: string) {
  await expect(promise).rejects.toMatchObject({ name: 'LtiError', code })
  if (claim !== undefined) await expect(promise).rejects.toMatchObject({ claim })
}

function expectThrowCode(fn: () => unknown, code: LtiErrorCode) {
  expect(fn).toThrow(expect.objectContaining({ code }))
}

describe('tool ↔ platform round trips through Request/Response', () => {
  async function roundTrip(operation: Parameters<typeof buildOutcomeRequest>[0]['operation']) {
    const book = gradebook()
    const request = await buildOutcomeRequest({
      serviceUrl: SERVICE,
      ...credentials,
      operation,
      clock,
    })
    const response = await handleOutcomeRequest(request, { ...verifierDeps(), handlers: book })
    return { book, result: await processOutcomeResponse(response) }
  }

  it('replaceResult stores the score, with resultData', async () => {
    const { book, result } = await roundTrip({
      operation: 'replaceResult',
      sourcedId: 'known',
      score: 0.75,
      resultData: { text: 'Well <done> & "more"' },
    })
    expect(result).toMatchObject({ codeMajor: 'success', operation: 'replaceResult' })
    expect(book.scores.get('key:known')).toBe(0.75)
  })

  it('readResult returns the stored score', async () => {
    const { result } = await roundTrip({ operation: 'readResult', sourcedId: 'known' })
    expect(result).toMatchObject({ codeMajor: 'success', score: 0.5 })
  })

  it('deleteResult removes it', async () => {
    const { book, result } = await roundTrip({ operation: 'deleteResult', sourcedId: 'known' })
    expect(result.codeMajor).toBe('success')
    expect(book.scores.has('key:known')).toBe(false)
  })

  it('an unknown sourcedId answers failure', async () => {
    const { result } = await roundTrip({ operation: 'readResult', sourcedId: 'other' })
    expect(result).toMatchObject({ codeMajor: 'failure', severity: 'error' })
  })

  it('HMAC-SHA256 hashes the body with SHA-256', async () => {
    const operation = { operation: 'readResult', sourcedId: 'known' } as const
    const request = await buildOutcomeRequest({
      serviceUrl: SERVICE,
      ...credentials,
      operation,
      signatureMethod: 'HMAC-SHA256',
      clock,
    })
    const body = new Uint8Array(await request.clone().arrayBuffer())
    expect(request.headers.get('authorization')).toContain(
      encodeURIComponent(await computeBodyHash(body, 'SHA-256')),
    )
    await expect(verifyOutcomeRequest(request, verifierDeps())).resolves.toMatchObject({
      signatureMethod: 'HMAC-SHA256',
    })
  })
})

describe('verifyOutcomeRequest refuses', () => {
  it('a form-encoded body (23.4)', async () => {
    const request = await signedPox(replaceXml('0.5'), {
      contentType: 'application/x-www-form-urlencoded',
    })
    await expectCode(
      verifyOutcomeRequest(request, verifierDeps()),
      'ERR_LTI_UNSUPPORTED_MEDIA_TYPE',
    )
  })

  it('a GET', async () => {
    await expectCode(
      verifyOutcomeRequest(new Request(SERVICE), verifierDeps()),
      'ERR_LTI_LTI11_METHOD_NOT_ALLOWED',
    )
  })

  it('a body-hash mismatch', async () => {
    const request = await signedPox(replaceXml('0.5'), { bodyHash: await computeBodyHash('x') })
    await expectCode(
      verifyOutcomeRequest(request, verifierDeps()),
      'ERR_LTI_OUTCOME_BODY_HASH_MISMATCH',
      'oauth_body_hash',
    )
  })

  it('a tampered body with the original header', async () => {
    const original = await signedPox(replaceXml('0.5'))
    const tampered = new Request(original, { body: replaceXml('1.0') })
    await expectCode(
      verifyOutcomeRequest(tampered, verifierDeps()),
      'ERR_LTI_OUTCOME_BODY_HASH_MISMATCH',
    )
  })

  it('a request without oauth_body_hash', async () => {
    const params = await signOAuth1({
      method: 'POST',
      url: SERVICE,
      consumerKey: 'key',
      consumerSecret: 'secret',
      clock,
    })
    const request = new Request(SERVICE, {
      method: 'POST',
      headers: {
        'content-type': 'application/xml',
        authorization: formatAuthorizationHeader(params),
      },
      body: replaceXml('0.5'),
    })
    await expectCode(
      verifyOutcomeRequest(request, verifierDeps()),
      'ERR_LTI_OAUTH_MISSING_PARAMETER',
      'oauth_body_hash',
    )
  })

  it('a duplicated oauth_body_hash', async () => {
    const body = replaceXml('0.5')
    const request = await signedPox(body)
    const url = `${SERVICE}?oauth_body_hash=${encodeURIComponent(await computeBodyHash(body))}`
    await expectCode(
      verifyOutcomeRequest(new Request(url, request), verifierDeps()),
      'ERR_LTI_OAUTH_DUPLICATE_PARAMETER',
      'oauth_body_hash',
    )
  })

  it('an oversize body', async () => {
    const request = await signedPox(replaceXml('0.5').replace('known', 'k'.repeat(70_000)))
    await expectCode(verifyOutcomeRequest(request, verifierDeps()), 'ERR_LTI_INPUT_TOO_LARGE')
  })

  it('a replay', async () => {
    const request = await signedPox(replaceXml('0.5'))
    const deps = verifierDeps()
    await verifyOutcomeRequest(request.clone(), deps)
    await expectCode(verifyOutcomeRequest(request, deps), 'ERR_LTI_OAUTH_NONCE_REPLAYED')
  })

  it('a body that is not UTF-8', async () => {
    const body = new Uint8Array([0x3c, 0x61, 0xff, 0x3e])
    const params = await signOAuth1({
      method: 'POST',
      url: SERVICE,
      params: [['oauth_body_hash', await computeBodyHash(body)]],
      consumerKey: 'key',
      consumerSecret: 'secret',
      clock,
    })
    const request = new Request(SERVICE, {
      method: 'POST',
      headers: { 'content-type': 'text/xml', authorization: formatAuthorizationHeader(params) },
      body,
    })
    await expectCode(verifyOutcomeRequest(request, verifierDeps()), 'ERR_LTI_MALFORMED_XML')
  })
})

describe('handleOutcomeRequest', () => {
  it('answers an authentication failure with its status and a POX failure', async () => {
    const request = await signedPox(replaceXml('0.5'), { contentType: 'text/plain' })
    const response = await handleOutcomeRequest(request, {
      ...verifierDeps(),
      handlers: gradebook(),
    })
    expect(response.status).toBe(415)
    expect(parseOutcomeResponse(await response.text()).codeMajor).toBe('failure')
  })

  it('answers malformed XML with a 200 failure once authenticated', async () => {
    const response = await handleOutcomeRequest(await signedPox('<imsx_POXEnvelopeRequest>'), {
      ...verifierDeps(),
      handlers: gradebook(),
    })
    expect(response.status).toBe(200)
    expect(parseOutcomeResponse(await response.text()).codeMajor).toBe('failure')
  })

  it('lets an unexpected handler error reach the host application', async () => {
    const handlers = { ...gradebook(), readResult: () => Promise.reject(new Error('db down')) }
    const request = await buildOutcomeRequest({
      serviceUrl: SERVICE,
      ...credentials,
      operation: { operation: 'readResult', sourcedId: 'known' },
      clock,
    })
    await expect(handleOutcomeRequest(request, { ...verifierDeps(), handlers })).rejects.toThrow(
      'db down',
    )
  })
})

describe('parseOutcomeRequest', () => {
  it.each([
    '1.5',
    'abc',
    '-0.1',
    '1e0',
    '0.5e-1',
    '+0.5',
    '0,5',
    'NaN',
    'Infinity',
    '',
    '0x1',
    '01.5',
    '1.',
  ])('refuses the score %j', (score) => {
    expectThrowCode(() => parseOutcomeRequest(replaceXml(score)), 'ERR_LTI_OUTCOME_INVALID_SCORE')
  })

  it.each(['0', '1', '0.92', '.5', '1.000', ' 0.25 '])('accepts the score %j', (score) => {
    expect(parseOutcomeRequest(replaceXml(score))).toMatchObject({
      operation: 'replaceResult',
      sourcedId: 'known',
      messageIdentifier: 'm-1',
      score: Number(score),
    })
  })

  it('reads resultData url and refuses a non-http one', () => {
    const withData = (data: string) =>
      replaceXml('0.5').replace('</result>', `<resultData>${data}</resultData></result>`)
    expect(parseOutcomeRequest(withData('<url>https://t.example/s/1</url>'))).toMatchObject({
      resultData: { url: 'https://t.example/s/1' },
    })
    expectThrowCode(
      () => parseOutcomeRequest(withData('<url>javascript:alert(1)</url>')),
      'ERR_LTI_INVALID_PAYLOAD',
    )
  })

  it('refuses an unknown operation', () => {
    const xml = replaceXml('0.5').replace(/replaceResultRequest/g, 'fooRequest')
    expectThrowCode(() => parseOutcomeRequest(xml), 'ERR_LTI_OUTCOME_UNSUPPORTED_OPERATION')
  })

  it.each([
    ['no sourcedId', (xml: string) => xml.replace('<sourcedId>known</sourcedId>', '')],
    ['an empty sourcedId', (xml: string) => xml.replace('>known<', '>  <')],
    [
      'no messageIdentifier',
      (xml: string) => xml.replace(/<imsx_messageIdentifier>.*<\/imsx_messageIdentifier>/, ''),
    ],
    ['no result score', (xml: string) => xml.replace(/<result>.*<\/result>/, '')],
    [
      'two operations',
      (xml: string) => xml.replace('</imsx_POXBody>', '<readResultRequest/></imsx_POXBody>'),
    ],
  ])('refuses a request with %s', (_label, alter) => {
    expectThrowCode(() => parseOutcomeRequest(alter(replaceXml('0.5'))), 'ERR_LTI_INVALID_PAYLOAD')
  })

  it.each([
    ['unclosed tags', '<imsx_POXEnvelopeRequest><imsx_POXHeader>'],
    ['another root', '<html><body/></html>'],
    ['two roots', '<a/><b/>'],
    ['text outside the root', '<a/>text'],
    ['an undeclared entity', replaceXml('0.5').replace('known', '&foo;')],
    ['a bare ampersand', replaceXml('0.5').replace('known', 'a & b')],
    ['a control character', replaceXml('0.5').replace('known', 'a\u0001b')],
    ['an invalid character reference', replaceXml('0.5').replace('known', '&#0;')],
    [
      'billion laughs',
      '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><imsx_POXEnvelopeRequest>&lol2;</imsx_POXEnvelopeRequest>',
    ],
    [
      'an external entity',
      '<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><imsx_POXEnvelopeRequest>&xxe;</imsx_POXEnvelopeRequest>',
    ],
    ['a lower-case doctype', '<!doctype x><imsx_POXEnvelopeRequest/>'],
  ])('refuses %s as malformed XML', (_label, xml) => {
    expectThrowCode(() => parseOutcomeRequest(xml), 'ERR_LTI_MALFORMED_XML')
  })

  it('refuses an oversize document', () => {
    expectThrowCode(
      () => parseOutcomeRequest(replaceXml('0.5'), { maxBytes: 100 }),
      'ERR_LTI_INPUT_TOO_LARGE',
    )
  })

  it('decodes predefined entities and CDATA in the sourcedId, once', () => {
    const xml = replaceXml('0.5').replace('known', 'a&amp;lt;b&#x263A;<![CDATA[&amp;]]>')
    expect(parseOutcomeRequest(xml)).toMatchObject({ sourcedId: 'a&lt;b☺&amp;' })
  })

  it('round-trips any sourcedId and score through build and parse', () => {
    const sourcedId = fc
      .string({ unit: 'binary', minLength: 1, maxLength: 40 })
      .filter((s) => s.trim() !== '' && s === s.trim() && !hasForbiddenXmlChar(s))
    fc.assert(
      fc.property(sourcedId, fc.double({ min: 0, max: 1, noNaN: true }), (id, score) => {
        const xml = buildOutcomeRequestXml(
          { operation: 'replaceResult', sourcedId: id, score },
          'm',
        )
        expect(parseOutcomeRequest(xml)).toEqual({
          operation: 'replaceResult',
          sourcedId: id,
          score: score === 0 ? 0 : score,
          messageIdentifier: 'm',
        })
      }),
    )
  })
})

describe('responses', () => {
  it('round-trip through build and parse', () => {
    const xml = buildOutcomeResponse({
      codeMajor: 'success',
      description: 'Score for <3124567> is now 0.92',
      messageRefIdentifier: '999999123',
      operation: 'readResult',
      messageIdentifier: '4560',
      score: 0.92,
    })
    expect(parseOutcomeResponse(xml)).toEqual({
      codeMajor: 'success',
      severity: 'status',
      description: 'Score for <3124567> is now 0.92',
      messageIdentifier: '4560',
      messageRefIdentifier: '999999123',
      operation: 'readResult',
      score: 0.92,
    })
  })

  it('an empty readResult textString means no grade', () => {
    const xml = buildOutcomeResponse({
      codeMajor: 'success',
      messageRefIdentifier: '1',
      operation: 'readResult',
      score: null,
    })
    expect(parseOutcomeResponse(xml).score).toBeNull()
  })

  it('refuses an unknown codeMajor in a response', () => {
    const xml = buildOutcomeResponse({
      codeMajor: 'success',
      messageRefIdentifier: '1',
      operation: 'x',
    })
    expectThrowCode(
      () => parseOutcomeResponse(xml.replace('>success<', '>great<')),
      'ERR_LTI_INVALID_PAYLOAD',
    )
  })

  it('processOutcomeResponse reports an HTTP error without POX body', async () => {
    await expectCode(
      processOutcomeResponse(new Response('Unauthorized', { status: 401 })),
      'ERR_LTI_OUTCOME_SERVICE_ERROR',
    )
  })

  it('processOutcomeResponse still reads a POX failure sent with 401', async () => {
    const xml = buildOutcomeResponse({
      codeMajor: 'failure',
      messageRefIdentifier: 'm',
      operation: 'x',
    })
    await expect(processOutcomeResponse(new Response(xml, { status: 401 }))).resolves.toMatchObject(
      {
        codeMajor: 'failure',
      },
    )
  })

  it('processOutcomeResponse checks the echoed message identifier when asked', async () => {
    const xml = buildOutcomeResponse({
      codeMajor: 'success',
      messageRefIdentifier: 'm-2',
      operation: 'x',
    })
    await expectCode(
      processOutcomeResponse(new Response(xml), { messageIdentifier: 'm-1' }),
      'ERR_LTI_INVALID_PAYLOAD',
      'imsx_messageRefIdentifier',
    )
  })

  it('processOutcomeResponse refuses malformed XML in a 200', async () => {
    await expectCode(processOutcomeResponse(new Response('<oops')), 'ERR_LTI_MALFORMED_XML')
  })
})

describe('scores', () => {
  it('format then parse is the identity on [0, 1]', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), (score) => {
        const text = formatScore(score)
        expect(text).not.toMatch(/e/i)
        expect(parseScore(text)).toBe(score === 0 ? 0 : score)
      }),
    )
  })

  it.each([Number.NaN, -0.1, 1.1, Number.POSITIVE_INFINITY])('formatScore refuses %d', (score) => {
    expect(() => formatScore(score)).toThrow(TypeError)
  })

  it('buildOutcomeRequest refuses plain http unless loudly allowed', async () => {
    const operation = { operation: 'readResult', sourcedId: 's' } as const
    const options = { serviceUrl: 'http://lms.example.com/o', ...credentials, operation }
    await expect(buildOutcomeRequest(options)).rejects.toThrow(TypeError)
    await expect(
      buildOutcomeRequest({ ...options, dangerouslyAllowHttp: true }),
    ).resolves.toBeInstanceOf(Request)
  })
})

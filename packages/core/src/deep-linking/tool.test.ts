import { decodeJwt, decodeProtectedHeader } from 'jose'
import { beforeAll, describe, expect, it } from 'vitest'
import { CLAIM } from '../claims/uris.js'
import { generateSigningKey } from '../keys/signing-key.js'
import type { SigningKey } from '../keys/types.js'
import type { ContentItem } from './schema.js'
import { buildDeepLinkingResponse, deepLinkingResponseForm } from './tool.js'
import tv12 from './vectors/tv-12-deep-linking.json' with { type: 'json' }

const NOW = Date.UTC(2025, 0, 15, 12, 0, 0)
const clock = () => NOW
let signingKey: SigningKey

beforeAll(async () => {
  signingKey = await generateSigningKey({ kid: 'tool-key-1' })
})

describe('buildDeepLinkingResponse', () => {
  it('produces the TV-12 response claims', async () => {
    const jwt = await buildDeepLinkingResponse({
      signingKey,
      clientId: tv12.request.aud,
      platformIssuer: tv12.request.iss,
      deploymentId: tv12.request.deploymentId,
      data: tv12.settings.data,
      contentItems: tv12.expectedResponse[CLAIM.contentItems] as ContentItem[],
      clock,
    })
    const payload = decodeJwt(jwt)
    expect(payload).toMatchObject(tv12.expectedResponse)
    expect(payload.iat).toBe(NOW / 1000)
    expect(payload.exp).toBe(NOW / 1000 + 300)
    expect(payload.nonce).toMatch(/^[A-Za-z0-9_-]{32}$/)
    expect(payload).not.toHaveProperty('azp')
    expect(decodeProtectedHeader(jwt)).toEqual({ alg: 'RS256', kid: 'tool-key-1', typ: 'JWT' })
  })

  it('uses a fresh nonce each time and writes only the messages given', async () => {
    const options = {
      signingKey,
      clientId: 'c',
      platformIssuer: 'https://lms.example',
      deploymentId: 'd',
      contentItems: [],
      errormsg: 'Nothing selected',
      lifetimeSeconds: 60,
      clock,
    }
    const [a, b] = await Promise.all([
      buildDeepLinkingResponse(options),
      buildDeepLinkingResponse(options),
    ])
    const first = decodeJwt(a ?? '')
    expect(first.nonce).not.toBe(decodeJwt(b ?? '').nonce)
    expect(first[CLAIM.deepLinkingErrorMsg]).toBe('Nothing selected')
    expect(first).not.toHaveProperty(CLAIM.deepLinkingMsg)
    expect(first).not.toHaveProperty(CLAIM.deepLinkingData)
    expect(first[CLAIM.contentItems]).toEqual([])
    expect(first.exp).toBe(NOW / 1000 + 60)
  })

  it.each([
    [
      'a line item without a positive scoreMaximum',
      [{ type: 'ltiResourceLink', lineItem: { scoreMaximum: 0 } }],
    ],
    ['a link without url', [{ type: 'link' }]],
    ['a javascript: url', [{ type: 'link', url: 'javascript:alert(1)' }]],
    ['a custom type that is not a URL', [{ type: 'mytype' }]],
  ])('rejects %s with TypeError', async (_label, items) => {
    await expect(
      buildDeepLinkingResponse({
        signingKey,
        clientId: 'c',
        platformIssuer: 'https://lms.example',
        deploymentId: 'd',
        contentItems: items as ContentItem[],
      }),
    ).rejects.toThrow(TypeError)
  })

  it('rejects a lifetime outside 1..3600 s', async () => {
    const base = {
      signingKey,
      clientId: 'c',
      platformIssuer: 'p',
      deploymentId: 'd',
      contentItems: [],
    }
    await expect(buildDeepLinkingResponse({ ...base, lifetimeSeconds: 0 })).rejects.toThrow(
      TypeError,
    )
    await expect(buildDeepLinkingResponse({ ...base, lifetimeSeconds: 86_400 })).rejects.toThrow(
      TypeError,
    )
  })
})

describe('deepLinkingResponseForm', () => {
  it('auto-posts the JWT field under a CSP nonce and is not cacheable', async () => {
    const response = deepLinkingResponseForm('https://lms.example/dl?a=1&b="2"', 'aaa.bbb.ccc')
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(response.headers.get('cache-control')).toBe('no-store')
    const csp = response.headers.get('content-security-policy') ?? ''
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1]
    const html = await response.text()
    expect(nonce).toBeDefined()
    expect(html).toContain(`<script nonce="${nonce}">`)
    expect(html).toContain('<input type="hidden" name="JWT" value="aaa.bbb.ccc">')
    expect(html).toContain('action="https://lms.example/dl?a=1&amp;b=&quot;2&quot;"')
    expect(html).toContain('method="post"')
  })

  it('escapes a hostile JWT value', async () => {
    const html = await deepLinkingResponseForm(
      'https://lms.example/',
      '"><script>x</script>',
    ).text()
    expect(html).not.toContain('<script>x')
    expect(html).toContain('&quot;&gt;&lt;script&gt;')
  })

  it('posts to loopback over http, elsewhere only over https', () => {
    expect(deepLinkingResponseForm('http://localhost:8080/dl', 'j').status).toBe(200)
    expect(deepLinkingResponseForm('http://127.0.0.1/dl', 'j').status).toBe(200)
    for (const url of ['http://lms.example/dl', 'javascript:alert(1)', '/relative', 'data:,x']) {
      expect(() => deepLinkingResponseForm(url, 'j')).toThrow(TypeError)
    }
  })
})

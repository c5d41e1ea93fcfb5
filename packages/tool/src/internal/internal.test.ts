import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { isCodedError } from '../errors/tool-error.js'
import { externalIdInPath, parsePublicUrl, toolUrls } from '../urls.js'
import { clearStateCookie, readStateCookie, stateCookie } from './cookies.js'
import { readForm, single } from './form.js'
import { escapeHtml, htmlPage, scriptJson } from './html.js'
import { compact } from './objects.js'
import { errorPage } from './pages.js'
import { base64url, sha256, timingSafeEqual } from './random.js'

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise
  } catch (error) {
    return isCodedError(error) ? error.code : 'uncoded'
  }
  return undefined
}

describe('HTML and script escaping', () => {
  it('escapeHtml leaves no markup-significant character', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        expect(escapeHtml(text)).not.toMatch(/[<>"']/)
      }),
    )
  })

  it('scriptJson round-trips and can never close the script element', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const out = scriptJson(value)
        expect(out.toLowerCase()).not.toContain('</script')
        expect(out).not.toContain('<!--')
        expect(JSON.parse(out)).toEqual(JSON.parse(JSON.stringify(value)))
      }),
    )
  })

  it('pages carry a nonce-based CSP and never cache', async () => {
    const page = htmlPage({
      title: 't',
      body: '<p>x</p>',
      script: 'void 0',
      formAction: ['https://a.example'],
    })
    const csp = page.headers.get('content-security-policy') ?? ''
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1] ?? ''
    expect(await page.text()).toContain(`<script nonce="${nonce}">void 0</script>`)
    expect(csp).toContain('form-action https://a.example')
    expect(page.headers.get('cache-control')).toBe('no-store')
  })

  it('error pages link back only to http(s) return URLs', async () => {
    const bad = errorPage(new Error('x'), { returnUrl: 'javascript:alert(1)' })
    expect(await bad.text()).not.toContain('javascript:')
  })
})

describe('state cookie', () => {
  const state = 'A'.repeat(43)

  it('is host-only, secure, http-only and cross-site', () => {
    expect(stateCookie(state, 'b', 600)).toBe(
      `__Host-ltihub-state-${state}=b; Max-Age=600; Path=/; Secure; HttpOnly; SameSite=None`,
    )
    expect(clearStateCookie(state)).toContain('Max-Age=0')
  })

  it('reads the cookie of one state among others', () => {
    const request = new Request('https://t.example', {
      headers: {
        cookie: `a=1; __Host-ltihub-state-${state}=bind; __Host-ltihub-state-${'B'.repeat(43)}=other`,
      },
    })
    expect(readStateCookie(request, state)).toBe('bind')
    expect(readStateCookie(request, 'C'.repeat(43))).toBeUndefined()
    expect(readStateCookie(request, 'bad state!')).toBeUndefined()
  })

  it('refuses a state that cannot be part of a cookie name', () => {
    expect(() => stateCookie('x;y', 'b', 1)).toThrow(TypeError)
  })
})

describe('form reading', () => {
  const post = (body: string, type = 'application/x-www-form-urlencoded', length?: string) =>
    new Request('https://t.example', {
      method: 'POST',
      headers: {
        'content-type': type,
        ...(length === undefined ? {} : { 'content-length': length }),
      },
      body,
    })

  it('reads a form and refuses other media types and oversize bodies', async () => {
    expect((await readForm(post('a=1&b=2'))).get('b')).toBe('2')
    expect(await codeOf(readForm(post('{}', 'application/json')))).toBe(
      'ERR_LTI_UNSUPPORTED_MEDIA_TYPE',
    )
    expect(await codeOf(readForm(post('a='.padEnd(100, 'x')), 10))).toBe('ERR_LTI_INPUT_TOO_LARGE')
    expect(await codeOf(readForm(post('a=1', undefined, '999999999')))).toBe(
      'ERR_LTI_INPUT_TOO_LARGE',
    )
  })

  it('refuses a repeated parameter', async () => {
    const form = new URLSearchParams('a=1&a=2')
    let caught: unknown
    try {
      single(form, 'a')
    } catch (error) {
      caught = error
    }
    expect(isCodedError(caught, 'ERR_LTI_INVALID_PAYLOAD')).toBe(true)
  })
})

describe('URLs', () => {
  it('reads the external ID after the launch path only', () => {
    const urls = toolUrls('https://tool.example.com/base')
    expect(externalIdInPath(urls, 'https://tool.example.com/base/lti/launch/SAFE%20101')).toBe(
      'SAFE 101',
    )
    expect(externalIdInPath(urls, 'https://tool.example.com/base/lti/launch')).toBeUndefined()
    expect(externalIdInPath(urls, 'https://tool.example.com/base/lti/launch/a/b')).toBeUndefined()
    expect(
      externalIdInPath(urls, 'https://tool.example.com/base/lti/launch/%E0%A4%A'),
    ).toBeUndefined()
  })

  it.each([
    'ftp://tool.example.com',
    'https://u:p@tool.example.com',
    'https://tool.example.com/#x',
  ])('refuses %s as public URL', (url) => {
    expect(() => parsePublicUrl(url)).toThrow(TypeError)
  })
})

describe('small helpers', () => {
  it('compact drops undefined properties only', () => {
    expect(compact({ a: 1, b: undefined, c: null, d: '' })).toEqual({ a: 1, c: null, d: '' })
  })

  it('sha256 is the WebCrypto SHA-256 of the UTF-8 text, as base64url', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'grapheme' }), async (text) => {
        const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))
        expect(await sha256(text)).toBe(base64url(new Uint8Array(digest)))
      }),
    )
  })

  it('timingSafeEqual agrees with ===', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        expect(timingSafeEqual(a, b)).toBe(a === b)
        expect(timingSafeEqual(a, a)).toBe(true)
      }),
    )
  })
})

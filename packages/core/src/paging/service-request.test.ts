import { describe, expect, it } from 'vitest'
import { buildServiceRequest, secureServiceUrl } from './service-request.js'

describe('buildServiceRequest', () => {
  it('puts the token in the Authorization header, never in the URL, and does not follow redirects', async () => {
    const request = buildServiceRequest(
      'https://lms.example/x?type_id=3',
      { method: 'POST', accept: 'a/b', contentType: 'c/d', body: '{}', accessToken: 'tok.en-1' },
      { userAgent: 'tool/1.0' },
    )
    expect(request.url).toBe('https://lms.example/x?type_id=3')
    expect(request.headers.get('authorization')).toBe('Bearer tok.en-1')
    expect(request.headers.get('accept')).toBe('a/b')
    expect(request.headers.get('content-type')).toBe('c/d')
    expect(request.headers.get('user-agent')).toBe('tool/1.0')
    expect(request.redirect).toBe('manual')
    expect(await request.text()).toBe('{}')
  })

  it.each(['http://lms.example/x', 'ftp://lms.example/x', 'not a url', 'http://10.0.0.1/x'])(
    'refuses %s with ERR_LTI_INSECURE_SERVICE_URL',
    (url) => {
      expect(() => secureServiceUrl(url)).toThrow(
        expect.objectContaining({ code: 'ERR_LTI_INSECURE_SERVICE_URL' }),
      )
      expect(() => secureServiceUrl(url, { dangerouslyAllowInsecureLoopback: true })).toThrow(
        expect.objectContaining({ code: 'ERR_LTI_INSECURE_SERVICE_URL' }),
      )
    },
  )

  it.each([
    'http://localhost:8080/x',
    'http://127.0.0.1/x',
    'http://[::1]:3000/x',
    'http://tool.localhost/x',
  ])('allows loopback %s only with dangerouslyAllowInsecureLoopback', (url) => {
    expect(() => secureServiceUrl(url)).toThrow(
      expect.objectContaining({ code: 'ERR_LTI_INSECURE_SERVICE_URL' }),
    )
    expect(secureServiceUrl(url, { dangerouslyAllowInsecureLoopback: true }).href).toBe(
      new URL(url).href,
    )
  })

  it.each(['', 'a b', 'tok\r\nX-Evil: 1', 'tök'])(
    'rejects the access token %j as misuse',
    (accessToken) => {
      expect(() =>
        buildServiceRequest('https://lms.example/', { method: 'GET', accessToken }),
      ).toThrow(TypeError)
    },
  )

  it('rejects a User-Agent with control characters as misuse', () => {
    expect(() =>
      buildServiceRequest('https://lms.example/', { method: 'GET' }, { userAgent: 'a\nb' }),
    ).toThrow(TypeError)
  })
})

import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { bodyOfForm, connectionFormSchema } from './console-form.js'
import { connectionBody } from './schema.js'
import { isDevelopment, toolUrlProblem } from './urls.js'

const PROD = 'https://lms.example.test'
const DEV = 'http://localhost:3000'

describe('tool URL policy', () => {
  it.each([
    ['https://tool.example.test/lti', PROD, undefined],
    ['http://tool.example.test/lti', PROD, 'must start with https://'],
    ['http://localhost/lti', PROD, 'must start with https://'],
    ['http://localhost:8080/lti', DEV, undefined],
    ['http://127.0.0.1:8080/lti', DEV, undefined],
    [
      'http://tool.example.test/lti',
      DEV,
      'must start with https:// (http:// only for localhost or 127.0.0.1)',
    ],
    ['https://u:p@tool.example.test/', PROD, 'must not carry a user name or password'],
    ['https://tool.example.test/#x', PROD, 'must not carry a fragment'],
    ['javascript:alert(1)', PROD, 'must start with https://'],
    ['not a url', PROD, 'must be an absolute URL'],
  ])('%s on %s', (value, publicUrl, expected) => {
    expect(toolUrlProblem(value, publicUrl)).toBe(expected)
  })

  it('knows a development instance', () => {
    expect(isDevelopment(DEV)).toBe(true)
    expect(isDevelopment('http://127.0.0.1:1')).toBe(true)
    expect(isDevelopment(PROD)).toBe(false)
    expect(isDevelopment('http://lms.example.test')).toBe(false)
  })

  it('never throws, and accepts only https (or loopback http in development)', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.webUrl()),
        fc.constantFrom(PROD, DEV),
        (value, publicUrl) => {
          const problem = toolUrlProblem(value, publicUrl)
          if (problem === undefined) {
            const url = new URL(value)
            expect(
              url.protocol === 'https:' || (publicUrl === DEV && url.protocol === 'http:'),
            ).toBe(true)
          }
        },
      ),
    )
  })
})

describe('connection form', () => {
  it('turns any submitted form into a body the contract accepts or refuses, never a crash', () => {
    const value = fc.oneof(fc.string(), fc.array(fc.string(), { maxLength: 3 }))
    const form = fc.dictionary(
      fc.constantFrom(
        'name',
        'enabled',
        'launchUrl',
        'types',
        'customParameters',
        'consumerKey',
        'secret',
        'loginUrl',
        'redirectUris',
        'publicJwk',
        'schoolIds',
        'schoolsShown',
      ),
      value,
    )
    fc.assert(
      fc.property(form, (fields) => {
        const parsed = connectionFormSchema.safeParse(fields)
        if (!parsed.success) return
        const body = bodyOfForm(parsed.data)
        connectionBody.safeParse(body)
        expect(typeof body).toBe('object')
      }),
    )
  })

  it('keeps the secret only when one was typed', () => {
    const form = connectionFormSchema.parse({ consumerKey: 'k', secret: '' })
    expect(bodyOfForm(form)['lti11']).toEqual({ consumerKey: 'k' })
    expect(
      bodyOfForm(connectionFormSchema.parse({ consumerKey: ' k ', secret: ' s ' }))['lti11'],
    ).toEqual({
      consumerKey: 'k',
      secret: ' s ',
    })
    expect(bodyOfForm(connectionFormSchema.parse({}))['lti11']).toBeUndefined()
  })
})

import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { errorCatalogue } from './catalogue.js'
import { isLtiError, LtiError } from './lti-error.js'
import { coreErrorSection, renderErrorDocs, renderErrorSection } from './render-docs.js'

const docsPath = new URL('../../../../docs/errors.md', import.meta.url)

describe('error catalogue', () => {
  it('is documented in docs/errors.md, one row per code (run `npm run docs:errors`)', () => {
    expect(readFileSync(docsPath, 'utf8')).toContain(
      renderErrorSection(coreErrorSection(errorCatalogue)),
    )
  })

  it('refuses to document one code twice', () => {
    const section = coreErrorSection(errorCatalogue)
    expect(() => renderErrorDocs([section, { ...section, title: 'again' }])).toThrow(TypeError)
  })

  it.each(Object.entries(errorCatalogue))('%s is well formed', (code, entry) => {
    expect(code).toMatch(/^ERR_[A-Z0-9_]+$/)
    expect(entry.status).toBeGreaterThanOrEqual(400)
    expect(entry.status).toBeLessThan(600)
    expect(entry.description.length).toBeGreaterThan(10)
    expect(entry.cause.length).toBeGreaterThan(5)
    expect(entry.fix.length).toBeGreaterThan(5)
    if ('spec' in entry) expect(entry.spec).toMatch(/^https:\/\//)
  })
})

describe('LtiError', () => {
  it('keeps private detail out of the problem details', () => {
    const error = new LtiError('ERR_LTI_MALFORMED_JSON', { detail: 'secret=abc at byte 3' })
    expect(error.status).toBe(400)
    expect(error.expose).toBe(true)
    expect(JSON.stringify(error.toProblem())).not.toContain('secret')
    expect(error.toProblem()).toMatchObject({ code: 'ERR_LTI_MALFORMED_JSON', status: 400 })
    expect(isLtiError(error, 'ERR_LTI_MALFORMED_JSON')).toBe(true)
    expect(isLtiError(error, 'ERR_LTI_INPUT_TOO_LARGE')).toBe(false)
    expect(isLtiError(new Error('x'))).toBe(false)
  })
})

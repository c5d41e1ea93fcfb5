import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { errorCatalogue, LtiError, renderErrorSection } from '../internal/core.js'
import { toolErrorCatalogue, toolErrorSection } from './catalogue.js'
import { isCodedError, ToolError } from './tool-error.js'

describe('tool error catalogue', () => {
  it('is documented in docs/errors.md (run `npm run docs:errors`)', () => {
    const docs = readFileSync(new URL('../../../../docs/errors.md', import.meta.url), 'utf8')
    expect(docs).toContain(renderErrorSection(toolErrorSection))
  })

  it('shares no code with the core catalogue', () => {
    const clashes = Object.keys(toolErrorCatalogue).filter((code) => code in errorCatalogue)
    expect(clashes).toEqual([])
  })

  it.each(Object.entries(toolErrorCatalogue))('%s is well formed', (code, entry) => {
    expect(code).toMatch(/^ERR_LTI_[A-Z0-9_]+$/)
    expect(entry.status).toBeGreaterThanOrEqual(400)
    expect(entry.status).toBeLessThan(600)
    expect(entry.description.length).toBeGreaterThan(10)
    if ('spec' in entry) expect(entry.spec).toMatch(/^https:\/\//)
  })
})

describe('ToolError', () => {
  it('carries the catalogue entry and keeps detail private', () => {
    const error = new ToolError('ERR_LTI_ENROLMENT_FULL', { detail: 'max 3, have 3' })
    expect(error).toMatchObject({ code: 'ERR_LTI_ENROLMENT_FULL', status: 403, expose: true })
    expect(error.message).not.toContain('max 3')
    expect(isCodedError(error, 'ERR_LTI_ENROLMENT_FULL')).toBe(true)
    expect(isCodedError(error, 'ERR_LTI_ENROLMENT_ENDED')).toBe(false)
    expect(isCodedError(new LtiError('ERR_LTI_MALFORMED_JSON'))).toBe(true)
    expect(isCodedError(new Error('plain'))).toBe(false)
  })
})

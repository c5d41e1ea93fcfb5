import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { errorCatalogue, renderErrorSection } from './internal/core.js'
import {
  isCodedError,
  isPlatformError,
  PlatformError,
  platformErrorSection,
  platformErrors,
} from './errors.js'

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return sources(path)
    return name.endsWith('.ts') && !name.endsWith('.test.ts') && name !== 'errors.ts' ? [path] : []
  })
}

describe('platform error catalogue', () => {
  it('is documented in docs/errors.md (run `npm run docs:errors`)', () => {
    const docs = readFileSync(new URL('../../../docs/errors.md', import.meta.url), 'utf8')
    expect(docs).toContain(renderErrorSection(platformErrorSection))
  })

  it.each(Object.entries(platformErrors))('%s is well formed', (code, entry) => {
    expect(code).toMatch(/^ERR_LTI_PLATFORM_[A-Z0-9_]+$/)
    expect(entry.status).toBeGreaterThanOrEqual(400)
    // Policy refusals are client errors; only the router's catch-all for a failing port is not.
    expect(entry.status).toBeLessThan(code === 'ERR_LTI_PLATFORM_INTERNAL' ? 501 : 500)
    expect(entry.description.length).toBeGreaterThan(10)
    expect(entry.cause.length).toBeGreaterThan(5)
    expect(entry.fix.length).toBeGreaterThan(5)
    if ('spec' in entry) expect(entry.spec).toMatch(/^https:\/\/.+#.+/)
  })

  it('shares no code with the core catalogue', () => {
    for (const code of Object.keys(platformErrors)) expect(errorCatalogue).not.toHaveProperty(code)
  })

  it('uses every code it declares', () => {
    const text = sources(new URL('.', import.meta.url).pathname)
      .map((path) => readFileSync(path, 'utf8'))
      .join('\n')
    for (const code of Object.keys(platformErrors)) expect(text, code).toContain(`'${code}'`)
  })
})

describe('PlatformError', () => {
  it('keeps private detail out of the problem details', () => {
    const error = new PlatformError('ERR_LTI_PLATFORM_NOT_FOUND', {
      detail: 'line item li-9 of conn-b',
      claim: 'lineItemId',
    })
    expect(error).toMatchObject({ status: 404, expose: true, code: 'ERR_LTI_PLATFORM_NOT_FOUND' })
    expect(error.toProblem()).toEqual({
      type: 'about:blank',
      title: platformErrors.ERR_LTI_PLATFORM_NOT_FOUND.description,
      status: 404,
      code: 'ERR_LTI_PLATFORM_NOT_FOUND',
      claim: 'lineItemId',
    })
    expect(JSON.stringify(error.toProblem())).not.toContain('conn-b')
    expect(isPlatformError(error, 'ERR_LTI_PLATFORM_NOT_FOUND')).toBe(true)
    expect(isPlatformError(error, 'ERR_LTI_PLATFORM_LAUNCH_DENIED')).toBe(false)
    expect(isCodedError(error)).toBe(true)
    expect(isCodedError(new Error('x'))).toBe(false)
  })
})

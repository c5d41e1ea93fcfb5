import { readFileSync } from 'node:fs'
import { renderErrorSection } from '@ltihub/core'
import { describe, expect, it } from 'vitest'
import { ServerError, serverErrorSection, serverErrors } from './errors.js'
import { toProblemResponse } from './problems.js'

describe('server error catalogue', () => {
  it('is documented in docs/errors.md (run `npm run docs:errors`)', () => {
    const docs = readFileSync(new URL('../../../../docs/errors.md', import.meta.url), 'utf8')
    expect(docs).toContain(renderErrorSection(serverErrorSection))
  })

  it.each(Object.entries(serverErrors))(
    '%s is a well-formed client error (or 503: try again later)',
    (code, entry) => {
      expect(code).toMatch(/^ERR_LTIHUB_[A-Z0-9_]+$/)
      if (entry.status === 503) return
      expect(entry.status).toBeGreaterThanOrEqual(400)
      expect(entry.status).toBeLessThan(500)
    },
  )

  it('answers with its code and claim, never its detail', () => {
    const error = new ServerError('ERR_LTIHUB_API_TOKEN_SCOPE', {
      claim: 'tool:write',
      detail: 'x',
    })
    const { problem } = toProblemResponse(error)
    expect(problem).toMatchObject({
      status: 403,
      code: 'ERR_LTIHUB_API_TOKEN_SCOPE',
      claim: 'tool:write',
    })
    expect(JSON.stringify(problem)).not.toContain('"x"')
  })
})

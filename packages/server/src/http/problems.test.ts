import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import {
  HttpProblem,
  RequestValidationError,
  statusProblem,
  toProblemResponse,
} from './problems.js'

describe('toProblemResponse', () => {
  it('maps a bare zod error without a request part', () => {
    const result = z.object({ a: z.string() }).safeParse({ a: 1 })
    if (result.success) throw new Error('expected a failure')
    const { problem } = toProblemResponse(result.error)
    expect(problem).toMatchObject({ status: 400, code: 'ERR_LTI_INVALID_PAYLOAD', claim: 'a' })
    const wrapped = toProblemResponse(new RequestValidationError(result.error, 'query'))
    expect(wrapped.problem.errors?.[0]?.path).toBe('query.a')
  })

  it('hides non-Error throwables and unknown errors behind a bare 500', () => {
    for (const thrown of ['string', 42, null, { statusCode: 400 }, new Error('x')]) {
      expect(toProblemResponse(thrown)).toEqual({ problem: statusProblem(500), level: 'error' })
    }
  })

  it('keeps framework 4xx statuses and ignores framework 5xx', () => {
    const notFound = Object.assign(new Error('x'), { statusCode: 404, code: 'FST_X' })
    expect(toProblemResponse(notFound).problem).toEqual(statusProblem(404))
    const fault = Object.assign(new Error('x'), { statusCode: 502 })
    expect(toProblemResponse(fault).problem).toEqual(statusProblem(500))
  })

  it('refuses an HttpProblem without an error status', () => {
    expect(() => new HttpProblem(302)).toThrow(TypeError)
    expect(toProblemResponse(new HttpProblem(503)).level).toBe('error')
  })
})

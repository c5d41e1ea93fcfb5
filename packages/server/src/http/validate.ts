import type { z } from 'zod'
import { type RequestPart, RequestValidationError } from './problems.js'

/**
 * Parses one part of a request with its schema. On failure throws a {@link RequestValidationError}
 * that the error handler answers with 400 and each field's path (`body.name`). Unknown fields are
 * stripped by object schemas, so handlers only see what they declared.
 *
 * @example
 * const body = parseRequest(z.object({ name: z.string().min(1) }), request.body, 'body')
 */
export function parseRequest<T extends z.ZodType>(
  schema: T,
  value: unknown,
  part: RequestPart,
): z.output<T> {
  const result = schema.safeParse(value)
  if (!result.success) throw new RequestValidationError(result.error, part)
  return result.data
}

/**
 * Parses a response before it is sent. A response schema strips fields it does not list, so a
 * secret added to a record later cannot leak through an API by accident (house style §13).
 */
export function parseResponse<T extends z.ZodType>(schema: T, value: z.input<T>): z.output<T> {
  return schema.parse(value)
}

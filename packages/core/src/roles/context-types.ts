import { type ContextType, normalizeContextType } from '../claims/context-types.js'

/**
 * List helpers over the context type vocabulary of `claims/` (`CONTEXT_TYPE`,
 * `normalizeContextType`), for the LTI 1.1 `context_type` parameter and 1.1 launches.
 * @see https://www.imsglobal.org/spec/lti/v1p3/#context-type-vocabulary
 */

const LTI11_CONTEXT_TYPE_PREFIX = 'urn:lti:context-type:ims/lis/'

/**
 * Context type URIs for values in any accepted form (an array, or the LTI 1.1 comma-separated
 * `context_type`), without duplicates. Tools MUST recognise the URIs and MAY recognise the
 * deprecated forms; both are mapped. Unknown values are kept verbatim, empty ones dropped.
 * @example normalizeContextTypes("CourseOffering") // ["http://purl.imsglobal.org/vocab/lis/v2/course#CourseOffering"]
 */
export function normalizeContextTypes(values: string | readonly string[]): string[] {
  const list = typeof values === 'string' ? values.split(',') : values
  const result = new Set<string>()
  for (const raw of list) {
    if (typeof raw !== 'string') throw new TypeError('every context type must be a string')
    const value = raw.trim()
    if (value !== '') result.add(normalizeContextType(value) ?? value)
  }
  return [...result]
}

/**
 * The LTI 1.1 `context_type` URN (`urn:lti:context-type:ims/lis/CourseOffering`) for a value in
 * any accepted form, or `undefined` outside the vocabulary.
 */
export function toLti11ContextType(value: string): string | undefined {
  const uri: ContextType | undefined = normalizeContextType(value.trim())
  if (uri === undefined) return undefined
  return `${LTI11_CONTEXT_TYPE_PREFIX}${uri.slice(uri.indexOf('#') + 1)}`
}

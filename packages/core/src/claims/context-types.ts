/**
 * Context type URIs (CORE Appendix C). Tools "MUST recognise" the URIs and MAY recognise the
 * deprecated forms (`CourseOffering`, `urn:lti:context-type:ims/lis/CourseOffering`).
 * @see https://www.imsglobal.org/spec/lti/v1p3/#context-type-vocabulary
 */
export const CONTEXT_TYPE = {
  courseTemplate: 'http://purl.imsglobal.org/vocab/lis/v2/course#CourseTemplate',
  courseOffering: 'http://purl.imsglobal.org/vocab/lis/v2/course#CourseOffering',
  courseSection: 'http://purl.imsglobal.org/vocab/lis/v2/course#CourseSection',
  group: 'http://purl.imsglobal.org/vocab/lis/v2/course#Group',
} as const

export type ContextType = (typeof CONTEXT_TYPE)[keyof typeof CONTEXT_TYPE]

const LEGACY_PREFIX = 'urn:lti:context-type:ims/lis/'
const BY_VALUE: ReadonlyMap<string, ContextType> = new Map(
  Object.values(CONTEXT_TYPE).flatMap((uri): [string, ContextType][] => [
    [uri, uri],
    [uri.slice(uri.indexOf('#') + 1), uri],
  ]),
)

/**
 * Maps a context type value to its URI: the URI itself, a deprecated short name or a deprecated
 * `urn:lti:context-type:` URN. Returns `undefined` for values outside the vocabulary, which callers
 * keep as they are (vendors may send their own).
 * @see https://www.imsglobal.org/spec/lti/v1p3/#context-type-vocabulary
 */
export function normalizeContextType(value: string): ContextType | undefined {
  const key = value.startsWith(LEGACY_PREFIX) ? value.slice(LEGACY_PREFIX.length) : value
  return BY_VALUE.get(key)
}

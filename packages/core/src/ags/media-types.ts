import { mediaTypeMatches } from '../internal/services-http.js'

/**
 * AGS media types, exact (AGS §3.2, §3.3, §3.4). Note that the score type is **v1**, not v2.
 * @see https://www.imsglobal.org/spec/lti-ags/v2p0/#media-types-and-schemas
 */
export const AGS_MEDIA_TYPE = {
  lineItem: 'application/vnd.ims.lis.v2.lineitem+json',
  lineItemContainer: 'application/vnd.ims.lis.v2.lineitemcontainer+json',
  resultContainer: 'application/vnd.ims.lis.v2.resultcontainer+json',
  score: 'application/vnd.ims.lis.v1.score+json',
} as const

export type AgsMediaTypeKind = keyof typeof AGS_MEDIA_TYPE

/**
 * What a platform accepts in Content-Type for each kind. The spec type first; `application/json`
 * because platforms should be liberal; for scores also the v2 spelling some tools send by mistake.
 */
export const AGS_ACCEPTED_MEDIA_TYPES: Readonly<Record<AgsMediaTypeKind, readonly string[]>> = {
  lineItem: [AGS_MEDIA_TYPE.lineItem, 'application/json'],
  lineItemContainer: [AGS_MEDIA_TYPE.lineItemContainer, 'application/json'],
  resultContainer: [AGS_MEDIA_TYPE.resultContainer, 'application/json'],
  score: [AGS_MEDIA_TYPE.score, 'application/vnd.ims.lis.v2.score+json', 'application/json'],
}

/**
 * Whether a Content-Type header is acceptable for an AGS body of `kind`: the spec media type,
 * `application/json`, and (scores only) the mistaken v2 score type. Parameters such as
 * `charset` are ignored; the comparison is case-insensitive.
 *
 * @example isAgsMediaType('application/vnd.ims.lis.v1.score+json; charset=utf-8', 'score') // true
 * @see https://www.imsglobal.org/spec/lti-ags/v2p0/#media-types-and-schemas
 */
export function isAgsMediaType(
  contentType: string | null | undefined,
  kind: AgsMediaTypeKind,
): boolean {
  return mediaTypeMatches(contentType, AGS_ACCEPTED_MEDIA_TYPES[kind])
}

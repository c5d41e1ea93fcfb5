import { parameterRecordSchema } from '../internal/parameter-record.js'
import { z } from 'zod'

/**
 * Content-Item Message 1.0 (Deep Linking 1.0) JSON-LD as zod schemas: each gives the runtime
 * validator and the TS type. Unknown properties are kept (`loose`) since JSON-LD items may carry
 * extensions.
 * @see https://www.imsglobal.org/specs/lticiv1p0/specification
 */

/** The `@context` a Content-Item graph must carry (Moodle compares it exactly; D2L wants a string). */
export const CONTENT_ITEM_CONTEXT = 'http://purl.imsglobal.org/ctx/lti/v1/ContentItem'

/** Media type of a launchable LTI link (`LtiLinkItem`). */
export const LTI_LINK_MEDIA_TYPE = 'application/vnd.ims.lti.v1.ltilink'

/** Values of `accept_presentation_document_targets` and `presentationDocumentTarget`. */
export const DOCUMENT_TARGETS = [
  'embed',
  'frame',
  'iframe',
  'window',
  'popup',
  'overlay',
  'none',
] as const

export type DocumentTarget = (typeof DOCUMENT_TARGETS)[number]

/** Largest number of items accepted in one response. */
export const MAX_CONTENT_ITEMS = 100

const httpUrl = z.url({ protocol: /^https?$/ })
const pixels = z.number().int().nonnegative()

export const imageSchema = z
  .object({ '@id': httpUrl, width: pixels.optional(), height: pixels.optional() })
  .loose()

export const placementAdviceSchema = z
  .object({
    presentationDocumentTarget: z.enum(DOCUMENT_TARGETS).optional(),
    displayWidth: pixels.optional(),
    displayHeight: pixels.optional(),
    windowTarget: z.string().optional(),
  })
  .loose()

export const lineItemSchema = z
  .object({
    '@type': z.literal('LineItem').optional(),
    label: z.string().optional(),
    reportingMethod: z.string().optional(),
    scoreConstraints: z
      .object({
        '@type': z.string().optional(),
        normalMaximum: z.number().nonnegative().optional(),
        extraCreditMaximum: z.number().nonnegative().optional(),
        totalMaximum: z.number().nonnegative().optional(),
      })
      .loose()
      .optional(),
  })
  .loose()

const common = {
  '@id': z.string().optional(),
  url: httpUrl.optional(),
  title: z.string().optional(),
  text: z.string().optional(),
  icon: imageSchema.optional(),
  thumbnail: imageSchema.optional(),
  placementAdvice: placementAdviceSchema.optional(),
}

/** A launchable LTI link, created as a resource link by the platform. */
export const ltiLinkItemSchema = z
  .object({
    ...common,
    '@type': z.literal('LtiLinkItem'),
    mediaType: z.literal(LTI_LINK_MEDIA_TYPE),
    custom: parameterRecordSchema.optional(),
    lineItem: lineItemSchema.optional(),
  })
  .loose()

/** A generic item: a link to a page, or an HTML fragment in `text` when there is no `url`. */
export const genericContentItemSchema = z
  .object({ ...common, '@type': z.literal('ContentItem'), mediaType: z.string().min(1) })
  .loose()
  .refine((item) => item.url !== undefined || (isHtml(item.mediaType) && item.text !== undefined), {
    message: 'a ContentItem needs a url, or text/html content in text',
    path: ['url'],
  })

/** A file the platform should copy (it may be short-lived: fetch it promptly). */
export const fileItemSchema = z
  .object({
    ...common,
    '@type': z.literal('FileItem'),
    url: httpUrl,
    mediaType: z.string().min(1),
    copyAdvice: z.boolean().optional(),
    expiresAt: z.iso.datetime({ offset: true }).optional(),
  })
  .loose()

export const contentItemSchema = z.discriminatedUnion('@type', [
  ltiLinkItemSchema,
  genericContentItemSchema,
  fileItemSchema,
])

export type ContentItem = z.infer<typeof contentItemSchema>
export type LtiLinkItem = z.infer<typeof ltiLinkItemSchema>
export type GenericContentItem = z.infer<typeof genericContentItemSchema>
export type FileItem = z.infer<typeof fileItemSchema>

/** The `content_items` parameter: a JSON-LD graph. */
export const contentItemGraphSchema = z.object({
  '@context': z.union([
    z.literal(CONTENT_ITEM_CONTEXT),
    z.array(z.unknown()).refine((list) => list.includes(CONTENT_ITEM_CONTEXT)),
  ]),
  '@graph': z.array(contentItemSchema).max(MAX_CONTENT_ITEMS),
})

function isHtml(mediaType: string): boolean {
  return mediaType.split(';')[0]?.trim().toLowerCase() === 'text/html'
}

/**
 * Whether a media type matches an accept list entry (`image/*`, `*\/*` or exact, case-insensitive).
 */
export function mediaTypeAccepted(mediaType: string, accepted: readonly string[]): boolean {
  const [type = '', subtype = ''] = (mediaType.split(';')[0] ?? '').trim().toLowerCase().split('/')
  return accepted.some((entry) => {
    const [acceptType = '', acceptSubtype = ''] = entry.trim().toLowerCase().split('/')
    if (acceptType === '*') return acceptSubtype === '*'
    return acceptType === type && (acceptSubtype === '*' || acceptSubtype === subtype)
  })
}

/** The selection settings a tool reads from a `ContentItemSelectionRequest`. */
export interface ContentItemSettings {
  readonly acceptMediaTypes: readonly string[]
  readonly acceptPresentationDocumentTargets: readonly DocumentTarget[]
  readonly contentItemReturnUrl: string
  readonly acceptMultiple: boolean
  readonly acceptUnsigned: boolean
  readonly acceptCopyAdvice: boolean
  readonly autoCreate: boolean
  readonly canConfirm: boolean
  readonly title?: string
  readonly text?: string
  /** Opaque value the tool must echo unchanged. */
  readonly data?: string
}

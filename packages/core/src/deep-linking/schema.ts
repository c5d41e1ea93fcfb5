import { z } from 'zod'
import { customClaimSchema } from '../claims/core-claims.js'
import { webUrlSchema } from '../claims/primitives.js'
import { CLAIM } from '../claims/uris.js'

/*
 * Deep Linking 2.0 content items (DL §3). Every item schema is `.loose()`: "additional properties
 * on an item SHOULD use full-URL keys", and a platform keeps what it does not understand.
 */

/** The content item types DL 2.0 defines. A custom type MUST be a full URL instead. */
export const CONTENT_ITEM_TYPES = ['link', 'file', 'html', 'ltiResourceLink', 'image'] as const
export type ContentItemType = (typeof CONTENT_ITEM_TYPES)[number]

/** Presentation targets of `accept_presentation_document_targets`. */
export const PRESENTATION_TARGETS = ['embed', 'iframe', 'window'] as const
export type PresentationTarget = (typeof PRESENTATION_TARGETS)[number]

const pixelsSchema = z.number().int().nonnegative()
const dateTimeSchema = z.iso.datetime({ offset: true })

/** `icon` and `thumbnail`: `{ url, width, height }` in pixels. */
export const contentItemImageSchema = z
  .object({ url: webUrlSchema, width: pixelsSchema.optional(), height: pixelsSchema.optional() })
  .loose()

/** `window`: open in a new window or tab; `windowFeatures` as for `window.open`. */
export const windowSchema = z
  .object({
    targetName: z.string().optional(),
    width: pixelsSchema.optional(),
    height: pixelsSchema.optional(),
    windowFeatures: z.string().optional(),
  })
  .loose()

/** `lineItem` of an `ltiResourceLink`: `scoreMaximum` is REQUIRED and "MUST be greater than 0". */
export const lineItemSchema = z
  .object({
    label: z.string().optional(),
    scoreMaximum: z.number().positive(),
    resourceId: z.string().optional(),
    tag: z.string().optional(),
    gradesReleased: z.boolean().optional(),
  })
  .loose()

/** `available` / `submission`: ISO 8601 date-times, both optional. */
export const timeWindowSchema = z
  .object({ startDateTime: dateTimeSchema.optional(), endDateTime: dateTimeSchema.optional() })
  .loose()

const describedShape = {
  title: z.string().optional(),
  text: z.string().optional(),
  icon: contentItemImageSchema.optional(),
  thumbnail: contentItemImageSchema.optional(),
}

/**
 * `ltiResourceLink`: a link the platform launches into the tool. Without `url` the platform uses
 * the tool's default launch URL; with it, the platform MUST use it as `target_link_uri`.
 * @see https://www.imsglobal.org/spec/lti-dl/v2p0/#lti-resource-link
 */
export const ltiResourceLinkItemSchema = z
  .object({
    type: z.literal('ltiResourceLink'),
    url: webUrlSchema.optional(),
    ...describedShape,
    window: windowSchema.optional(),
    iframe: z
      .object({ width: pixelsSchema.optional(), height: pixelsSchema.optional() })
      .loose()
      .optional(),
    custom: customClaimSchema.optional(),
    lineItem: lineItemSchema.optional(),
    available: timeWindowSchema.optional(),
    submission: timeWindowSchema.optional(),
  })
  .loose()

/** `link`: a URL to navigate to, optionally embedded (`embed.html`) or framed (`iframe.src`). */
export const linkItemSchema = z
  .object({
    type: z.literal('link'),
    url: webUrlSchema,
    ...describedShape,
    embed: z.object({ html: z.string() }).loose().optional(),
    window: windowSchema.optional(),
    iframe: z
      .object({
        src: webUrlSchema,
        width: pixelsSchema.optional(),
        height: pixelsSchema.optional(),
      })
      .loose()
      .optional(),
  })
  .loose()

/** `file`: a (possibly short-lived) download the platform fetches promptly. */
export const fileItemSchema = z
  .object({
    type: z.literal('file'),
    url: webUrlSchema,
    ...describedShape,
    mediaType: z.string().optional(),
    expiresAt: dateTimeSchema.optional(),
  })
  .loose()

/** `html`: an HTML fragment. The platform MUST sanitize it before showing it. */
export const htmlItemSchema = z
  .object({
    type: z.literal('html'),
    html: z.string(),
    title: z.string().optional(),
    text: z.string().optional(),
  })
  .loose()

/** `image`: an image URL with its size. */
export const imageItemSchema = z
  .object({
    type: z.literal('image'),
    url: webUrlSchema,
    ...describedShape,
    width: pixelsSchema.optional(),
    height: pixelsSchema.optional(),
  })
  .loose()

/** An item of a custom type, which MUST be named by a full URL. */
export const customTypeItemSchema = z.object({ type: webUrlSchema }).loose()

/** Any content item: one of the five DL types, or a custom type named by URL. */
export const contentItemSchema = z.union([
  z.discriminatedUnion('type', [
    ltiResourceLinkItemSchema,
    linkItemSchema,
    fileItemSchema,
    htmlItemSchema,
    imageItemSchema,
  ]),
  customTypeItemSchema,
])

export type LtiResourceLinkItem = z.infer<typeof ltiResourceLinkItemSchema>
export type LinkItem = z.infer<typeof linkItemSchema>
export type FileItem = z.infer<typeof fileItemSchema>
export type HtmlItem = z.infer<typeof htmlItemSchema>
export type ImageItem = z.infer<typeof imageItemSchema>
export type CustomTypeItem = z.infer<typeof customTypeItemSchema>
export type ContentItem = z.infer<typeof contentItemSchema>
export type LineItemDefinition = z.infer<typeof lineItemSchema>

/** Schema of each DL type by name. */
export const CONTENT_ITEM_SCHEMAS = {
  ltiResourceLink: ltiResourceLinkItemSchema,
  link: linkItemSchema,
  file: fileItemSchema,
  html: htmlItemSchema,
  image: imageItemSchema,
} as const satisfies Record<ContentItemType, z.ZodType>

/**
 * The claims of an `LtiDeepLinkingResponse` that jose does not check, keyed by claim URI so a
 * failure names the claim. `content_items` is checked item by item afterwards.
 * @see https://www.imsglobal.org/spec/lti-dl/v2p0/#deep-linking-response-message
 */
export const deepLinkingResponseClaimsSchema = z
  .object({
    nonce: z.string().min(1).max(1024),
    [CLAIM.deepLinkingData]: z.string().optional(),
    [CLAIM.contentItems]: z.array(z.unknown()).optional(),
    [CLAIM.deepLinkingMsg]: z.string().optional(),
    [CLAIM.deepLinkingLog]: z.string().optional(),
    [CLAIM.deepLinkingErrorMsg]: z.string().optional(),
    [CLAIM.deepLinkingErrorLog]: z.string().optional(),
  })
  .loose()

/**
 * A verified Deep Linking response: the items to create and the messages for the user (`msg`,
 * `errormsg`) and the log (`log`, `errorlog`).
 * @see https://www.imsglobal.org/spec/lti-dl/v2p0/#deep-linking-response-message
 */
export interface DeepLinkingResponse {
  readonly items: readonly ContentItem[]
  readonly msg: string | undefined
  readonly log: string | undefined
  readonly errormsg: string | undefined
  readonly errorlog: string | undefined
  readonly data: string | undefined
}

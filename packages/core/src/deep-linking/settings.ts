import {
  type DeepLinkingSettingsClaim,
  deepLinkingSettingsClaimSchema,
} from '../claims/deep-linking-settings.js'
import { CONTENT_ITEM_TYPES, type ContentItemType, PRESENTATION_TARGETS } from './schema.js'
import type { PresentationTarget } from './schema.js'

/** Options of {@link buildDeepLinkingSettings}, the camelCase view of the settings claim. */
export interface DeepLinkingSettingsOptions {
  /** Where the tool posts its response (the platform's DL return endpoint). */
  readonly deepLinkReturnUrl: string
  /** Item types this placement can create: DL types or custom types named by full URL. */
  readonly acceptTypes: readonly (ContentItemType | `https://${string}` | `http://${string}`)[]
  /** How items may be shown; an empty list means the platform sets no preference. */
  readonly acceptPresentationDocumentTargets: readonly PresentationTarget[]
  /** MIME types accepted for `file` items, e.g. `['image/*', 'text/html']`. */
  readonly acceptMediaTypes?: string | readonly string[]
  readonly acceptMultiple?: boolean
  /** `true`: the platform creates line items from `lineItem`; `false`: it ignores them. */
  readonly acceptLineItem?: boolean
  /** Create the items without asking the user to confirm. */
  readonly autoCreate?: boolean
  readonly title?: string
  readonly text?: string
  /**
   * Opaque value the tool MUST echo; use it to tie the response to this request (a random id
   * kept with the deep-linking session, for example).
   */
  readonly data?: string
}

function isCustomType(type: string): boolean {
  try {
    const url = new URL(type)
    return url.protocol === 'https:' || url.protocol === 'http:'
  } catch {
    return false
  }
}

/**
 * Builds the `deep_linking_settings` claim of a platform's `LtiDeepLinkingRequest`.
 * `accept_media_types` is written as the comma-separated string the spec defines.
 * @throws TypeError when a value is not what the spec allows (a programming error).
 * @example
 * buildDeepLinkingSettings({ deepLinkReturnUrl: 'https://lms.example/dl/return',
 *   acceptTypes: ['ltiResourceLink'], acceptPresentationDocumentTargets: ['iframe', 'window'],
 *   data: sessionId })
 * @see https://www.imsglobal.org/spec/lti-dl/v2p0/#deep-linking-settings
 */
export function buildDeepLinkingSettings(
  options: DeepLinkingSettingsOptions,
): DeepLinkingSettingsClaim {
  const types: readonly string[] = options.acceptTypes
  if (types.length === 0) throw new TypeError('acceptTypes must name at least one type')
  for (const type of types) {
    if (!(CONTENT_ITEM_TYPES as readonly string[]).includes(type) && !isCustomType(type)) {
      throw new TypeError(`unknown content item type ${JSON.stringify(type)}; use a full URL`)
    }
  }
  for (const target of options.acceptPresentationDocumentTargets) {
    if (!(PRESENTATION_TARGETS as readonly string[]).includes(target)) {
      throw new TypeError(`unknown presentation target ${JSON.stringify(target)}`)
    }
  }
  const media = options.acceptMediaTypes
  const claim = {
    deep_link_return_url: options.deepLinkReturnUrl,
    accept_types: [...types],
    accept_presentation_document_targets: [...options.acceptPresentationDocumentTargets],
    accept_media_types: typeof media === 'string' || media === undefined ? media : media.join(','),
    accept_multiple: options.acceptMultiple,
    accept_lineitem: options.acceptLineItem,
    auto_create: options.autoCreate,
    title: options.title,
    text: options.text,
    data: options.data,
  }
  const defined = Object.fromEntries(Object.entries(claim).filter(([, v]) => v !== undefined))
  const parsed = deepLinkingSettingsClaimSchema.safeParse(defined)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new TypeError(`deep_linking_settings.${issue?.path.join('.') ?? ''}: ${issue?.message}`)
  }
  return parsed.data
}

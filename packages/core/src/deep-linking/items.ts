import type { DeepLinkingSettingsClaim } from '../claims/deep-linking-settings.js'
import { LtiError } from '../errors/lti-error.js'
import {
  CONTENT_ITEM_SCHEMAS,
  type ContentItem,
  type ContentItemType,
  customTypeItemSchema,
  type PresentationTarget,
} from './schema.js'

/** Most content items one Deep Linking response may carry. */
export const MAX_CONTENT_ITEMS = 500

const KNOWN_TYPES: ReadonlySet<string> = new Set(Object.keys(CONTENT_ITEM_SCHEMAS))

function isKnownType(type: string): type is ContentItemType {
  return KNOWN_TYPES.has(type)
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * Checks the `content_items` of a Deep Linking response against the request's settings (DL §4.2,
 * SEC mirror of the launch checks, step 10–11) and returns the typed items. Throws a coded
 * `LtiError` naming the item (`content_items[2].lineItem.scoreMaximum`) at the first failure.
 */
export function checkContentItems(
  raw: readonly unknown[],
  settings: DeepLinkingSettingsClaim,
): ContentItem[] {
  if (raw.length > MAX_CONTENT_ITEMS) {
    throw new LtiError('ERR_LTI_INPUT_TOO_LARGE', {
      claim: 'content_items',
      detail: `${raw.length} items, at most ${MAX_CONTENT_ITEMS}`,
    })
  }
  // DL §4.4.2: without accept_multiple the platform takes one item; absent is read as false.
  if (settings.accept_multiple !== true && raw.length > 1) {
    throw new LtiError('ERR_LTI_DL_TOO_MANY_ITEMS', {
      claim: 'content_items',
      detail: `${raw.length} items`,
    })
  }
  return raw.map((item, index) => checkContentItem(item, `content_items[${index}]`, settings))
}

function checkContentItem(
  item: unknown,
  path: string,
  settings: DeepLinkingSettingsClaim,
): ContentItem {
  if (!isRecord(item) || typeof item.type !== 'string') {
    throw new LtiError('ERR_LTI_DL_CONTENT_ITEM_INVALID', {
      claim: `${path}.type`,
      detail: 'an item must be an object with a string type',
    })
  }
  const type = item.type
  if (!settings.accept_types.includes(type)) {
    throw new LtiError('ERR_LTI_DL_ITEM_TYPE_NOT_ACCEPTED', {
      claim: `${path}.type`,
      detail: `type ${JSON.stringify(type.slice(0, 100))} is not in accept_types`,
    })
  }
  if (type === 'ltiResourceLink') checkLineItem(item.lineItem, `${path}.lineItem`)
  const schema = isKnownType(type) ? CONTENT_ITEM_SCHEMAS[type] : customTypeItemSchema
  const parsed = schema.safeParse(item)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const field = issue?.path.map(String).join('.') ?? ''
    throw new LtiError('ERR_LTI_DL_CONTENT_ITEM_INVALID', {
      claim: field === '' ? path : `${path}.${field}`,
      detail: issue?.message ?? 'invalid item',
    })
  }
  checkPresentation(parsed.data, path, settings.accept_presentation_document_targets)
  checkMediaType(parsed.data, path, settings.accept_media_types)
  return parsed.data
}

/** DL §3.3: `lineItem.scoreMaximum` is REQUIRED and "a positive decimal number". */
function checkLineItem(lineItem: unknown, path: string): void {
  if (lineItem === undefined) return
  const scoreMaximum = isRecord(lineItem) ? lineItem.scoreMaximum : undefined
  if (typeof scoreMaximum !== 'number' || !Number.isFinite(scoreMaximum) || scoreMaximum <= 0) {
    throw new LtiError('ERR_LTI_DL_LINE_ITEM_INVALID', {
      claim: `${path}.scoreMaximum`,
      detail: `scoreMaximum is ${JSON.stringify(scoreMaximum) ?? 'absent'}`,
    })
  }
}

/** The presentation targets an item asks for: its `embed`, `iframe` and `window` hints. */
export function presentationTargetsOf(item: ContentItem): PresentationTarget[] {
  if (item.type !== 'link' && item.type !== 'ltiResourceLink') return []
  const targets: PresentationTarget[] = []
  if (item.type === 'link' && item.embed !== undefined) targets.push('embed')
  if (item.iframe !== undefined) targets.push('iframe')
  if (item.window !== undefined) targets.push('window')
  return targets
}

/**
 * The hints are alternatives the platform picks from, so an item is refused only when it gives
 * hints and none of them is accepted; an item without hints opens in a new window (DL §3.2).
 */
function checkPresentation(item: ContentItem, path: string, accepted: readonly string[]): void {
  const targets = presentationTargetsOf(item)
  if (targets.length === 0 || targets.some((target) => accepted.includes(target))) return
  throw new LtiError('ERR_LTI_DL_PRESENTATION_NOT_ACCEPTED', {
    claim: path,
    detail: `asks for ${targets.join(', ')}; accepted: ${accepted.join(', ') || 'none'}`,
  })
}

function checkMediaType(item: ContentItem, path: string, accepted: string | undefined): void {
  if (item.type !== 'file' || accepted === undefined) return
  const mediaType = 'mediaType' in item ? item.mediaType : undefined
  if (typeof mediaType !== 'string' || mediaTypeMatches(mediaType, accepted)) return
  throw new LtiError('ERR_LTI_DL_MEDIA_TYPE_NOT_ACCEPTED', {
    claim: `${path}.mediaType`,
    detail: `${mediaType.slice(0, 100)} is not in ${accepted.slice(0, 200)}`,
  })
}

function essence(mediaType: string): string {
  return (mediaType.split(';')[0] ?? '').trim().toLowerCase()
}

/**
 * Whether `mediaType` matches the comma-separated `accept_media_types` (`image/*,text/html`), as
 * an HTML `accept` list does: exact types, `type/*` wildcards and `*\/*`. Parameters are ignored.
 */
export function mediaTypeMatches(mediaType: string, acceptMediaTypes: string): boolean {
  const wanted = essence(mediaType)
  return acceptMediaTypes.split(',').some((entry) => {
    const pattern = essence(entry)
    if (pattern === '*/*' || pattern === wanted) return pattern !== ''
    return pattern.endsWith('/*') && wanted.startsWith(pattern.slice(0, -1))
  })
}

import type {
  ContentItem,
  DocumentTarget,
  FileItem,
  GenericContentItem,
  LtiLinkItem,
} from './schema.js'

/**
 * Content-Item 1.0 items as Deep Linking 2.0 content items (`type`, `url`, `icon.url`, ...), so a
 * platform stores one shape whichever version the tool speaks.
 * @see https://www.imsglobal.org/spec/lti-dl/v2p0/#content-item-types
 */
export type DeepLinkingImage = {
  readonly url: string
  readonly width?: number
  readonly height?: number
}

export interface DeepLinkingWindow {
  readonly targetName?: string
  readonly width?: number
  readonly height?: number
}

interface Presentation {
  readonly title?: string
  readonly text?: string
  readonly icon?: DeepLinkingImage
  readonly thumbnail?: DeepLinkingImage
}

export type MappedContentItem =
  | (Presentation & {
      readonly type: 'ltiResourceLink'
      readonly url?: string
      readonly custom?: Readonly<Record<string, string>>
      readonly lineItem?: { readonly label?: string; readonly scoreMaximum: number }
      readonly window?: DeepLinkingWindow
      readonly iframe?: { readonly width?: number; readonly height?: number }
    })
  | (Presentation & {
      readonly type: 'link'
      readonly url: string
      readonly window?: DeepLinkingWindow
      readonly iframe?: { readonly src: string; readonly width?: number; readonly height?: number }
    })
  | (Presentation & {
      readonly type: 'file'
      readonly url: string
      readonly mediaType: string
      readonly expiresAt?: string
    })
  | { readonly type: 'html'; readonly html: string; readonly title?: string }
  | (Presentation & {
      readonly type: 'image'
      readonly url: string
      readonly width?: number
      readonly height?: number
    })

/** Points given to a line item that declares no maximum (the usual platform default). */
export const DEFAULT_SCORE_MAXIMUM = 100

/**
 * Maps a Content-Item 1.0 item to its Deep Linking 2.0 equivalent, following the DL 1.0 → 2.0
 * table: LtiLinkItem → ltiResourceLink; image/* without copyAdvice → image; a text/html fragment
 * → html; other types → link, or file when `copyAdvice` is true (and for every FileItem).
 * Targets: frame → window `_self`; iframe → iframe; window, popup, overlay → window; none → none;
 * embed → iframe for a link (DL 2.0 `embed` needs HTML, which a URL item does not carry).
 * @see https://www.imsglobal.org/spec/lti-dl/v2p0/#content-item-types
 */
export function toDeepLinkingItem(item: ContentItem): MappedContentItem {
  switch (item['@type']) {
    case 'LtiLinkItem':
      return fromLtiLink(item)
    case 'FileItem':
      return fromFile(item)
    case 'ContentItem':
      return fromGeneric(item)
  }
}

function presentation(item: ContentItem): Presentation {
  return {
    ...(item.title === undefined ? {} : { title: item.title }),
    ...(item.text === undefined ? {} : { text: item.text }),
    ...(item.icon === undefined ? {} : { icon: image(item.icon) }),
    ...(item.thumbnail === undefined ? {} : { thumbnail: image(item.thumbnail) }),
  }
}

function image(value: { '@id': string; width?: number | undefined; height?: number | undefined }) {
  return { url: value['@id'], ...size(value.width, value.height) }
}

function size(width: number | undefined, height: number | undefined) {
  return { ...(width === undefined ? {} : { width }), ...(height === undefined ? {} : { height }) }
}

function target(item: ContentItem): DocumentTarget | undefined {
  return item.placementAdvice?.presentationDocumentTarget
}

function windowOf(item: ContentItem): { window?: DeepLinkingWindow } {
  const advice = item.placementAdvice
  switch (target(item)) {
    case 'frame':
      return { window: { targetName: '_self' } }
    case 'window':
    case 'popup':
    case 'overlay':
      return {
        window: {
          ...(advice?.windowTarget === undefined ? {} : { targetName: advice.windowTarget }),
          ...size(advice?.displayWidth, advice?.displayHeight),
        },
      }
    default:
      return {}
  }
}

function fromLtiLink(item: LtiLinkItem): MappedContentItem {
  const advice = item.placementAdvice
  const constraints = item.lineItem?.scoreConstraints
  const maximum = constraints?.normalMaximum ?? constraints?.totalMaximum
  return {
    type: 'ltiResourceLink',
    ...(item.url === undefined ? {} : { url: item.url }),
    ...presentation(item),
    ...(item.custom === undefined ? {} : { custom: item.custom }),
    ...(item.lineItem === undefined
      ? {}
      : {
          lineItem: {
            ...(item.lineItem.label === undefined ? {} : { label: item.lineItem.label }),
            scoreMaximum: maximum !== undefined && maximum > 0 ? maximum : DEFAULT_SCORE_MAXIMUM,
          },
        }),
    ...windowOf(item),
    ...(target(item) === 'iframe'
      ? { iframe: size(advice?.displayWidth, advice?.displayHeight) }
      : {}),
  }
}

function fromFile(item: FileItem): MappedContentItem {
  return {
    type: 'file',
    url: item.url,
    mediaType: item.mediaType,
    ...presentation(item),
    ...(item.expiresAt === undefined ? {} : { expiresAt: item.expiresAt }),
  }
}

function fromGeneric(item: GenericContentItem): MappedContentItem {
  const mediaType = item.mediaType.toLowerCase()
  const copyAdvice = (item as { copyAdvice?: unknown }).copyAdvice === true
  if (item.url === undefined) {
    // Refinement guarantees text/html with text: an HTML fragment.
    return {
      type: 'html',
      html: item.text ?? '',
      ...(item.title === undefined ? {} : { title: item.title }),
    }
  }
  if (copyAdvice)
    return { type: 'file', url: item.url, mediaType: item.mediaType, ...presentation(item) }
  const advice = item.placementAdvice
  if (mediaType.startsWith('image/')) {
    return {
      type: 'image',
      url: item.url,
      ...presentation(item),
      ...size(advice?.displayWidth, advice?.displayHeight),
    }
  }
  return {
    type: 'link',
    url: item.url,
    ...presentation(item),
    ...windowOf(item),
    ...(target(item) === 'iframe' || target(item) === 'embed'
      ? { iframe: { src: item.url, ...size(advice?.displayWidth, advice?.displayHeight) } }
      : {}),
  }
}

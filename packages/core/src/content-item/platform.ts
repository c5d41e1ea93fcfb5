import { toLti11CustomParameterName } from '../custom/names.js'
import { LtiError } from '../errors/lti-error.js'
import {
  type BuildLti11LaunchOptions,
  type Lti11FormPost,
  signLti11Form,
} from '../oauth1/lti11-platform.js'
import { defined, LTI11_MESSAGE_TYPE } from '../oauth1/lti11-schema.js'
import { type Lti11VerifierDeps, verifyLti11Message } from '../oauth1/lti11-tool.js'
import { toParamList } from '../oauth1/params.js'
import { timingSafeEqual } from '../oauth1/signature.js'
import { type MappedContentItem, toDeepLinkingItem } from './mapping.js'
import {
  type ContentItem,
  contentItemGraphSchema,
  type DocumentTarget,
  MAX_CONTENT_ITEMS,
  mediaTypeAccepted,
} from './schema.js'

/** What {@link buildContentItemSelectionRequest} needs. */
export interface BuildContentItemSelectionRequestOptions extends Omit<
  BuildLti11LaunchOptions,
  'params'
> {
  /** Where the tool posts its selection back (the platform's return endpoint). */
  readonly contentItemReturnUrl: string
  /** e.g. `['application/vnd.ims.lti.v1.ltilink', 'image/*', 'text/html']`. */
  readonly acceptMediaTypes: readonly string[]
  readonly acceptPresentationDocumentTargets: readonly DocumentTarget[]
  readonly acceptMultiple?: boolean
  readonly acceptCopyAdvice?: boolean
  readonly autoCreate?: boolean
  readonly canConfirm?: boolean
  readonly title?: string
  readonly text?: string
  /** Opaque state echoed by the tool; bind it to the selection (and check it on return). */
  readonly data?: string
  /** User, context and other launch parameters (no `resource_link_id`: there is no link yet). */
  readonly params?: BuildLti11LaunchOptions['params']
}

const RESERVED_REQUEST_PARAMS = new Set([
  'lti_message_type',
  'lti_version',
  'accept_media_types',
  'accept_presentation_document_targets',
  'content_item_return_url',
  'accept_multiple',
  'accept_unsigned',
  'accept_copy_advice',
  'auto_create',
  'can_confirm',
  'title',
  'text',
  'data',
])

/**
 * Builds a signed `ContentItemSelectionRequest` (platform side). `accept_unsigned` is never
 * offered: ltihub's platform only accepts signed selections.
 * @throws TypeError when the accept lists are empty or a URL is not http(s).
 * @see https://www.imsglobal.org/specs/lticiv1p0/specification
 */
export async function buildContentItemSelectionRequest(
  options: BuildContentItemSelectionRequestOptions,
): Promise<Lti11FormPost> {
  if (
    options.acceptMediaTypes.length === 0 ||
    options.acceptPresentationDocumentTargets.length === 0
  ) {
    throw new TypeError('A selection request must accept at least one media type and one target')
  }
  if (!/^https?:/i.test(options.contentItemReturnUrl)) {
    throw new TypeError('content_item_return_url must be an http(s) URL')
  }
  const callerParams = toParamList(options.params ?? [])
  const reserved = callerParams.find(([name]) => RESERVED_REQUEST_PARAMS.has(name))
  if (reserved !== undefined) {
    throw new TypeError(`${reserved[0]} is set by buildContentItemSelectionRequest`)
  }
  const bool = (value: boolean | undefined) => (value === true ? 'true' : 'false')
  const params: Array<[string, string]> = [
    ['lti_message_type', LTI11_MESSAGE_TYPE.contentItemSelectionRequest],
    ['lti_version', 'LTI-1p0'],
    ...callerParams,
    ['accept_media_types', options.acceptMediaTypes.join(',')],
    ['accept_presentation_document_targets', options.acceptPresentationDocumentTargets.join(',')],
    ['content_item_return_url', options.contentItemReturnUrl],
    ['accept_multiple', bool(options.acceptMultiple)],
    ['accept_unsigned', 'false'],
    ['accept_copy_advice', bool(options.acceptCopyAdvice)],
    ['auto_create', bool(options.autoCreate)],
    ['can_confirm', bool(options.canConfirm)],
    ...Object.entries(defined({ title: options.title, text: options.text, data: options.data })),
  ]
  for (const [name, value] of Object.entries(options.custom ?? {})) {
    params.push([toLti11CustomParameterName(name), value])
  }
  return signLti11Form({
    url: options.launchUrl,
    params,
    consumerKey: options.consumerKey,
    secret: options.secret,
    ...(options.signatureMethod === undefined ? {} : { signatureMethod: options.signatureMethod }),
    ...(options.clock === undefined ? {} : { clock: options.clock }),
    ...(options.nonce === undefined ? {} : { nonce: options.nonce }),
  })
}

/** What the platform asked for, to hold the response to it. */
export interface ContentItemExpectations {
  /** The `data` sent in the request; the response must echo it exactly. */
  readonly data?: string
  readonly acceptMediaTypes?: readonly string[]
  readonly acceptMultiple?: boolean
}

/** A verified `ContentItemSelection`. */
export interface ContentItemSelection {
  readonly consumerKey: string
  readonly items: readonly ContentItem[]
  /** The same items as Deep Linking 2.0 content items. */
  readonly deepLinkingItems: readonly MappedContentItem[]
  readonly data?: string
  readonly ltiMsg?: string
  readonly ltiLog?: string
  readonly ltiErrorMsg?: string
  readonly ltiErrorLog?: string
}

const RESPONSE_PARAMS = [
  'content_items',
  'data',
  'lti_msg',
  'lti_log',
  'lti_errormsg',
  'lti_errorlog',
]

/**
 * Verifies a `ContentItemSelection` posted back by the tool (platform side): LTI 1.1 message
 * checks, OAuth signature, `data` echo, then `content_items` parsed into typed items and mapped to
 * Deep Linking 2.0 items. No `content_items` (the user cancelled) gives an empty list.
 * @throws LtiError ERR_LTI_CONTENT_ITEM_*, ERR_LTI_MALFORMED_JSON, ERR_LTI_INVALID_PAYLOAD,
 * ERR_LTI_OAUTH_*, ERR_LTI_LTI11_* or ERR_LTI_INPUT_TOO_LARGE.
 * @see https://www.imsglobal.org/specs/lticiv1p0/specification
 */
export async function verifyContentItemSelection(
  request: Request,
  deps: Lti11VerifierDeps & { readonly expected?: ContentItemExpectations },
): Promise<ContentItemSelection> {
  const message = await verifyLti11Message(
    request,
    deps,
    [LTI11_MESSAGE_TYPE.contentItemSelection],
    RESPONSE_PARAMS,
  )
  const f = message.fields
  const expected = deps.expected ?? {}
  if (expected.data !== undefined && !timingSafeEqual(expected.data, f.data ?? '')) {
    throw new LtiError('ERR_LTI_CONTENT_ITEM_DATA_MISMATCH', { claim: 'data' })
  }
  const items = f.content_items === undefined ? [] : parseContentItems(f.content_items)
  checkAccepted(items, expected)
  return {
    consumerKey: message.consumerKey,
    items,
    deepLinkingItems: items.map(toDeepLinkingItem),
    ...defined({
      data: f.data,
      ltiMsg: f.lti_msg,
      ltiLog: f.lti_log,
      ltiErrorMsg: f.lti_errormsg,
      ltiErrorLog: f.lti_errorlog,
    }),
  }
}

/**
 * Parses and validates a `content_items` JSON-LD string.
 * @throws LtiError ERR_LTI_MALFORMED_JSON, ERR_LTI_INVALID_PAYLOAD or ERR_LTI_INPUT_TOO_LARGE.
 */
export function parseContentItems(json: string): ContentItem[] {
  let value: unknown
  try {
    value = JSON.parse(json)
  } catch (cause) {
    throw new LtiError('ERR_LTI_MALFORMED_JSON', { claim: 'content_items', cause })
  }
  const graph = (value as { '@graph'?: unknown } | null)?.['@graph']
  if (Array.isArray(graph) && graph.length > MAX_CONTENT_ITEMS) {
    throw new LtiError('ERR_LTI_INPUT_TOO_LARGE', {
      claim: 'content_items',
      detail: `${graph.length} items > ${MAX_CONTENT_ITEMS}`,
    })
  }
  const parsed = contentItemGraphSchema.safeParse(value)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new LtiError('ERR_LTI_INVALID_PAYLOAD', {
      claim: ['content_items', ...(issue?.path ?? [])].map(String).join('.'),
      detail: issue?.message ?? 'invalid',
    })
  }
  return parsed.data['@graph']
}

function checkAccepted(items: readonly ContentItem[], expected: ContentItemExpectations): void {
  if (expected.acceptMultiple === false && items.length > 1) {
    throw new LtiError('ERR_LTI_CONTENT_ITEM_NOT_ACCEPTED', {
      claim: 'content_items',
      detail: `${items.length} items without accept_multiple`,
    })
  }
  const accepted = expected.acceptMediaTypes
  if (accepted === undefined) return
  const refused = items.find((item) => !mediaTypeAccepted(item.mediaType, accepted))
  if (refused !== undefined) {
    throw new LtiError('ERR_LTI_CONTENT_ITEM_NOT_ACCEPTED', {
      claim: 'content_items',
      detail: `media type ${refused.mediaType.slice(0, 64)}`,
    })
  }
}

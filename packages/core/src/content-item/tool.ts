import { LtiError } from '../errors/lti-error.js'
import type { Clock } from '../internal/clock.js'
import { type Lti11FormPost, signLti11Form } from '../oauth1/lti11-platform.js'
import {
  commaList,
  defined,
  LTI11_MESSAGE_TYPE,
  type Lti11MessageView,
  lti11MessageView,
} from '../oauth1/lti11-schema.js'
import { type Lti11VerifierDeps, verifyLti11Message } from '../oauth1/lti11-tool.js'
import type { SignatureMethod } from '../oauth1/signature.js'
import {
  CONTENT_ITEM_CONTEXT,
  type ContentItem,
  contentItemSchema,
  type ContentItemSettings,
  DOCUMENT_TARGETS,
  type DocumentTarget,
  mediaTypeAccepted,
} from './schema.js'

/** Request parameters of a selection request besides the usual launch parameters. */
export const SELECTION_REQUEST_PARAMS = [
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
] as const

/** A verified `ContentItemSelectionRequest`, as a typed view. */
export interface ContentItemSelectionRequest extends Lti11MessageView {
  readonly messageType: typeof LTI11_MESSAGE_TYPE.contentItemSelectionRequest
  readonly consumerKey: string
  readonly signatureMethod: SignatureMethod
  readonly settings: ContentItemSettings
  readonly params: ReadonlyArray<readonly [string, string]>
}

function invalid(claim: string, detail: string): LtiError {
  return new LtiError('ERR_LTI_LTI11_INVALID_PARAMETER', { claim, detail })
}

function requiredField(fields: Readonly<Record<string, string>>, name: string): string {
  const value = fields[name]
  if (value === undefined) throw invalid(name, 'missing')
  return value
}

function flag(fields: Readonly<Record<string, string>>, name: string): boolean {
  const value = fields[name]
  if (value === undefined || value === 'false') return false
  if (value === 'true') return true
  throw invalid(name, 'not "true" or "false"')
}

function targets(value: string): DocumentTarget[] {
  const list = commaList(value)
  const unknown = list.find((item) => !(DOCUMENT_TARGETS as readonly string[]).includes(item))
  if (unknown !== undefined || list.length === 0) {
    throw invalid('accept_presentation_document_targets', `unknown target ${String(unknown)}`)
  }
  return list as DocumentTarget[]
}

/**
 * Verifies a `ContentItemSelectionRequest` (tool side): the LTI 1.1 message checks and OAuth
 * signature, then the selection settings. `accept_media_types`,
 * `accept_presentation_document_targets` and `content_item_return_url` are required;
 * `resource_link_id` is not ("there is no link yet").
 * @throws LtiError ERR_LTI_LTI11_*, ERR_LTI_OAUTH_* or common errors.
 * @see https://www.imsglobal.org/specs/lticiv1p0/specification
 */
export async function verifyContentItemRequest(
  request: Request,
  deps: Lti11VerifierDeps,
): Promise<ContentItemSelectionRequest> {
  const message = await verifyLti11Message(
    request,
    deps,
    [LTI11_MESSAGE_TYPE.contentItemSelectionRequest],
    SELECTION_REQUEST_PARAMS,
  )
  const f = message.fields
  const acceptMediaTypes = commaList(requiredField(f, 'accept_media_types'))
  if (acceptMediaTypes.length === 0) throw invalid('accept_media_types', 'empty')
  const settings: ContentItemSettings = {
    acceptMediaTypes,
    acceptPresentationDocumentTargets: targets(
      requiredField(f, 'accept_presentation_document_targets'),
    ),
    contentItemReturnUrl: requiredField(f, 'content_item_return_url'),
    acceptMultiple: flag(f, 'accept_multiple'),
    acceptUnsigned: flag(f, 'accept_unsigned'),
    acceptCopyAdvice: flag(f, 'accept_copy_advice'),
    autoCreate: flag(f, 'auto_create'),
    canConfirm: flag(f, 'can_confirm'),
    ...defined({ title: f.title, text: f.text, data: f.data }),
  }
  return {
    messageType: LTI11_MESSAGE_TYPE.contentItemSelectionRequest,
    consumerKey: message.consumerKey,
    signatureMethod: message.signatureMethod,
    ...lti11MessageView(f, message.ltiVersion),
    settings,
    params: message.params,
  }
}

/** What {@link buildContentItemSelection} needs. */
export interface BuildContentItemSelectionOptions {
  /** The settings of the verified request: return URL, `data` to echo, what is accepted. */
  readonly settings: ContentItemSettings
  readonly items: readonly ContentItem[]
  readonly consumerKey: string
  readonly secret: string
  /** Messages shown (`lti_msg`, `lti_errormsg`) or logged (`lti_log`, `lti_errorlog`) by the platform. */
  readonly ltiMsg?: string
  readonly ltiLog?: string
  readonly ltiErrorMsg?: string
  readonly ltiErrorLog?: string
  readonly signatureMethod?: SignatureMethod
  readonly clock?: Clock
  readonly nonce?: string
}

/**
 * Builds the signed `ContentItemSelection` form (tool side) that the browser posts back to
 * `content_item_return_url`, echoing `data`. It is always signed (signing is valid even when
 * `accept_unsigned` is true).
 * @throws TypeError when an item is invalid, of a media type not accepted, or when several items
 * are returned without `accept_multiple`.
 * @example
 * const { url, fields } = await buildContentItemSelection({ settings: req.settings, items,
 *   consumerKey, secret })
 * return new Response(renderAutoSubmitForm(url, fields), { headers: { 'content-type': 'text/html' } })
 * @see https://www.imsglobal.org/specs/lticiv1p0/specification
 */
export async function buildContentItemSelection(
  options: BuildContentItemSelectionOptions,
): Promise<Lti11FormPost> {
  const { settings, items } = options
  if (items.length > 1 && !settings.acceptMultiple) {
    throw new TypeError('The platform accepts a single content item (accept_multiple is false)')
  }
  const graph = items.map((item, index) => {
    const parsed = contentItemSchema.safeParse(item)
    if (!parsed.success)
      throw new TypeError(`Content item #${index} is invalid: ${parsed.error.message}`)
    if (!mediaTypeAccepted(parsed.data.mediaType, settings.acceptMediaTypes)) {
      throw new TypeError(
        `Content item #${index}: media type ${parsed.data.mediaType} not accepted`,
      )
    }
    return parsed.data
  })
  const params: Array<[string, string]> = [
    ['lti_message_type', LTI11_MESSAGE_TYPE.contentItemSelection],
    ['lti_version', 'LTI-1p0'],
    ['content_items', JSON.stringify({ '@context': CONTENT_ITEM_CONTEXT, '@graph': graph })],
  ]
  const optional: Array<[string, string | undefined]> = [
    ['data', settings.data],
    ['lti_msg', options.ltiMsg],
    ['lti_log', options.ltiLog],
    ['lti_errormsg', options.ltiErrorMsg],
    ['lti_errorlog', options.ltiErrorLog],
  ]
  for (const [name, value] of optional) if (value !== undefined) params.push([name, value])
  return signLti11Form({
    url: settings.contentItemReturnUrl,
    params,
    consumerKey: options.consumerKey,
    secret: options.secret,
    ...(options.signatureMethod === undefined ? {} : { signatureMethod: options.signatureMethod }),
    ...(options.clock === undefined ? {} : { clock: options.clock }),
    ...(options.nonce === undefined ? {} : { nonce: options.nonce }),
  })
}

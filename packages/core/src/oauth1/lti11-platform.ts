import { toLti11CustomParameterName } from '../custom/names.js'
import type { Clock } from '../internal/clock.js'
import { normalizeUrl } from './base-string.js'
import { type OAuthParamsInput, toParamList, valuesOf } from './params.js'
import { signOAuth1 } from './sign.js'
import type { SignatureMethod } from './signature.js'
import { LTI11_MESSAGE_TYPE } from './lti11-schema.js'

/** A signed LTI 1.1 message ready for the browser to post (see `renderAutoSubmitForm`). */
export interface Lti11FormPost {
  /** The form's `action`: the URL exactly as signed, query string included. */
  readonly url: string
  /** The form fields, `oauth_signature` last. */
  readonly fields: Array<[string, string]>
}

/** What signing an LTI 1.1 form message needs. */
export interface SignLti11FormOptions {
  readonly url: string | URL
  readonly params: OAuthParamsInput
  readonly consumerKey: string
  readonly secret: string
  readonly signatureMethod?: SignatureMethod
  readonly clock?: Clock
  readonly nonce?: string
}

/**
 * Signs any LTI 1.1 form message (launch, Content-Item request or response) for a browser POST.
 * `oauth_callback=about:blank` is added when absent: "OAuth 1.0a requires it; LTI platforms send it".
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-3.5.2
 */
export async function signLti11Form(options: SignLti11FormOptions): Promise<Lti11FormPost> {
  const url = new URL(options.url).href
  normalizeUrl(url)
  const params = toParamList(options.params)
  if (valuesOf(params, 'oauth_callback').length === 0)
    params.push(['oauth_callback', 'about:blank'])
  const fields = await signOAuth1({
    method: 'POST',
    url,
    params,
    consumerKey: options.consumerKey,
    consumerSecret: options.secret,
    ...(options.signatureMethod === undefined ? {} : { signatureMethod: options.signatureMethod }),
    ...(options.clock === undefined ? {} : { clock: options.clock }),
    ...(options.nonce === undefined ? {} : { nonce: options.nonce }),
  })
  return { url, fields }
}

/** What {@link buildLti11Launch} needs. */
export interface BuildLti11LaunchOptions extends Omit<SignLti11FormOptions, 'url' | 'params'> {
  /** The tool's launch URL (its query parameters are signed and stay on the URL). */
  readonly launchUrl: string | URL
  /** LTI parameters: `resource_link_id`, `user_id`, `roles`, `context_id`, `lis_*`, ... */
  readonly params: OAuthParamsInput
  /** Custom parameters by their configured name; sent as `custom_<normalised name>` (section 13). */
  readonly custom?: Readonly<Record<string, string>>
}

/**
 * Builds a signed LTI 1.1 `basic-lti-launch-request` (platform side). `lti_message_type` and
 * `lti_version=LTI-1p0` are filled in when absent; `resource_link_id` is required.
 * @throws TypeError when `resource_link_id` is missing or the URL is not http(s).
 * @example
 * const { url, fields } = await buildLti11Launch({ launchUrl, consumerKey, secret,
 *   params: { resource_link_id: 'r1', user_id: 'u1', roles: 'Learner' } })
 * return new Response(renderAutoSubmitForm(url, fields), { headers: { 'content-type': 'text/html' } })
 * @see https://www.imsglobal.org/specs/ltiv1p1/implementation-guide
 */
export async function buildLti11Launch(options: BuildLti11LaunchOptions): Promise<Lti11FormPost> {
  const params = withLtiDefaults(toParamList(options.params), LTI11_MESSAGE_TYPE.basicLaunch)
  if (valuesOf(params, 'lti_message_type')[0] === LTI11_MESSAGE_TYPE.basicLaunch) {
    const [id] = valuesOf(params, 'resource_link_id')
    if (id === undefined || id === '') {
      throw new TypeError('A basic-lti-launch-request needs a resource_link_id')
    }
  }
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

/** Adds `lti_message_type` and `lti_version` when the caller left them out. */
export function withLtiDefaults(
  params: Array<[string, string]>,
  messageType: string,
): Array<[string, string]> {
  if (valuesOf(params, 'lti_message_type').length === 0) {
    params.unshift(['lti_message_type', messageType])
  }
  if (valuesOf(params, 'lti_version').length === 0) params.push(['lti_version', 'LTI-1p0'])
  return params
}

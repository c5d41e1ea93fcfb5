import { LtiError } from '../errors/lti-error.js'
import { mediaTypeOf } from './body.js'
import {
  type Lti11MessageType,
  type Lti11MessageView,
  type Lti11Version,
  LTI11_MESSAGE_TYPE,
  LTI11_VERSIONS,
  lti11MessageView,
  singleValuedParams,
  defined,
} from './lti11-schema.js'
import { readOAuth1Request, type ReadOAuth1RequestOptions } from './read-request.js'
import type { SignatureMethod } from './signature.js'
import { type OAuth1VerifierDeps, verifyOAuth1 } from './verify.js'

/** What a tool needs to verify LTI 1.1 messages. */
export interface Lti11VerifierDeps extends OAuth1VerifierDeps, ReadOAuth1RequestOptions {
  /**
   * The public URL the platform posted to, when `request.url` differs from it (a TLS-terminating
   * proxy, a rewritten host or port). The signature covers scheme, host, port and path.
   */
  readonly url?: string | URL
  /** Accepted `lti_version` values; defaults to `LTI-1p0` and `LTI-2p0`. */
  readonly ltiVersions?: readonly Lti11Version[]
}

/** A verified LTI 1.1 form message before it is given its typed view. */
export interface VerifiedLti11Message {
  readonly consumerKey: string
  readonly signatureMethod: SignatureMethod
  readonly messageType: Lti11MessageType
  readonly ltiVersion: Lti11Version
  /** Every parameter (query, body) in order, without `oauth_signature`. */
  readonly params: ReadonlyArray<readonly [string, string]>
  /** The standard, `custom_*` and `ext_*` parameters, one value each, empty ones dropped. */
  readonly fields: Readonly<Record<string, string>>
}

/**
 * Verifies an LTI 1.1 form POST of one of `messageTypes`: method, form media type,
 * `lti_message_type`, `lti_version`, then the OAuth 1.0 signature, timestamp and nonce.
 * @throws LtiError on every failure (ERR_LTI_LTI11_*, ERR_LTI_OAUTH_*, common errors).
 * @see https://www.imsglobal.org/specs/ltiv1p1/implementation-guide
 */
export async function verifyLti11Message(
  request: Request,
  deps: Lti11VerifierDeps,
  messageTypes: readonly Lti11MessageType[],
  extraFields: readonly string[] = [],
): Promise<VerifiedLti11Message> {
  if (request.method !== 'POST') {
    throw new LtiError('ERR_LTI_LTI11_METHOD_NOT_ALLOWED', { detail: request.method })
  }
  if (mediaTypeOf(request) !== 'application/x-www-form-urlencoded') {
    throw new LtiError('ERR_LTI_UNSUPPORTED_MEDIA_TYPE', { detail: mediaTypeOf(request) })
  }
  const incoming = await readOAuth1Request(request, deps)
  const url = deps.url ?? incoming.url
  const unverified = singleValuedParams(
    [...new URL(url).searchParams, ...incoming.params],
    extraFields,
  )
  const messageType = checkMessageType(unverified.lti_message_type, messageTypes)
  const ltiVersion = checkVersion(unverified.lti_version, deps.ltiVersions ?? LTI11_VERSIONS)
  const verified = await verifyOAuth1({ ...deps, method: 'POST', url, params: incoming.params })
  return {
    consumerKey: verified.consumerKey,
    signatureMethod: verified.signatureMethod,
    messageType,
    ltiVersion,
    params: verified.params,
    fields: unverified,
  }
}

function checkMessageType(
  value: string | undefined,
  allowed: readonly Lti11MessageType[],
): Lti11MessageType {
  const match = allowed.find((type) => type === value)
  if (match === undefined) {
    throw new LtiError('ERR_LTI_LTI11_UNSUPPORTED_MESSAGE_TYPE', {
      claim: 'lti_message_type',
      detail: `lti_message_type=${String(value).slice(0, 64)}`,
    })
  }
  return match
}

function checkVersion(value: string | undefined, allowed: readonly Lti11Version[]): Lti11Version {
  const match = allowed.find((version) => version === value)
  if (match === undefined) {
    throw new LtiError('ERR_LTI_LTI11_UNSUPPORTED_VERSION', {
      claim: 'lti_version',
      detail: `lti_version=${String(value).slice(0, 64)}`,
    })
  }
  return match
}

/** A verified `basic-lti-launch-request`, as a typed view of its parameters. */
export interface Lti11Launch extends Lti11MessageView {
  readonly messageType: typeof LTI11_MESSAGE_TYPE.basicLaunch
  readonly consumerKey: string
  readonly signatureMethod: SignatureMethod
  readonly resourceLink: {
    readonly id: string
    readonly title?: string
    readonly description?: string
  }
  /** Every parameter as received (query and body), without `oauth_signature`. */
  readonly params: ReadonlyArray<readonly [string, string]>
}

/**
 * Verifies an LTI 1.1 `basic-lti-launch-request` (tool side) and returns its typed view.
 * Checks, in order: POST, form body within the size limit, `lti_message_type`, `lti_version`,
 * the OAuth 1.0 signature over the public URL, the timestamp window, the nonce, and
 * `resource_link_id` ("required for basic launches").
 * @throws LtiError on every failure; redirect to `launchPresentation.returnUrl` with `lti_errormsg`
 * only after a successful verification.
 * @example
 * const launch = await verifyLti11Launch(request, { lookupConsumerSecret, nonceStore })
 * @see https://www.imsglobal.org/specs/ltiv1p1/implementation-guide
 */
export async function verifyLti11Launch(
  request: Request,
  deps: Lti11VerifierDeps,
): Promise<Lti11Launch> {
  const message = await verifyLti11Message(request, deps, [LTI11_MESSAGE_TYPE.basicLaunch])
  const p = message.fields
  const id = p.resource_link_id
  if (id === undefined) {
    throw new LtiError('ERR_LTI_LTI11_INVALID_PARAMETER', { claim: 'resource_link_id' })
  }
  return {
    messageType: LTI11_MESSAGE_TYPE.basicLaunch,
    consumerKey: message.consumerKey,
    signatureMethod: message.signatureMethod,
    ...lti11MessageView(p, message.ltiVersion),
    resourceLink: {
      id,
      ...defined({ title: p.resource_link_title, description: p.resource_link_description }),
    },
    params: message.params,
  }
}

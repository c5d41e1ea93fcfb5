import { SignJWT } from 'jose'
import { z } from 'zod'
import { CLAIM, LTI_VERSION, MESSAGE_TYPE } from '../claims/uris.js'
import { renderAutoSubmitForm } from '../internal/auto-submit-form.js'
import { type Clock, epochSeconds, systemClock } from '../internal/clock.js'
import { randomId } from '../internal/random.js'
import type { SigningKey } from '../keys/types.js'
import { type ContentItem, contentItemSchema } from './schema.js'

/** Default lifetime of a Deep Linking response JWT: 5 minutes, what Canvas accepts for `iat`. */
export const DEFAULT_RESPONSE_LIFETIME_SECONDS = 300

/** Options of {@link buildDeepLinkingResponse}. */
export interface BuildDeepLinkingResponseOptions {
  /** The tool's key; its `kid` goes in the JWS header and its public half in the tool's JWKS. */
  readonly signingKey: SigningKey
  /** The tool's `client_id`: the response `iss`. */
  readonly clientId: string
  /** The platform issuer (the request's `iss`): the response `aud`. */
  readonly platformIssuer: string
  /** The request's `deployment_id`, echoed. */
  readonly deploymentId: string
  /** The request's `deep_linking_settings.data`; REQUIRED when the request carried it. */
  readonly data?: string | undefined
  /** The items to create; may be empty (nothing selected, cancelled, or an error). */
  readonly contentItems: readonly ContentItem[]
  /** A message for the user, shown by the platform. */
  readonly msg?: string | undefined
  /** A message for the platform's log. */
  readonly log?: string | undefined
  /** An error message for the user. */
  readonly errormsg?: string | undefined
  /** An error message for the platform's log. */
  readonly errorlog?: string | undefined
  readonly clock?: Clock
  /** Seconds until `exp`; defaults to {@link DEFAULT_RESPONSE_LIFETIME_SECONDS}, at most 3600. */
  readonly lifetimeSeconds?: number
}

const optionsSchema = z.object({
  clientId: z.string().min(1),
  platformIssuer: z.string().min(1),
  deploymentId: z.string().min(1).max(255),
  data: z.string().optional(),
  contentItems: z.array(contentItemSchema),
  msg: z.string().optional(),
  log: z.string().optional(),
  errormsg: z.string().optional(),
  errorlog: z.string().optional(),
  lifetimeSeconds: z.number().int().min(1).max(3600).optional(),
})

/**
 * Signs the tool's `LtiDeepLinkingResponse` JWT: `iss` = client_id, `aud` = platform issuer, a
 * fresh CSPRNG `nonce` (the platform checks it for replay; it is not the request's nonce), the
 * echoed `deployment_id` and `data`, and the content items. `azp` is left out: SEC and the DL
 * example disagree on its value and no platform requires it.
 * @throws TypeError when an option or a content item is malformed (a programming error).
 * @example
 * const jwt = await buildDeepLinkingResponse({ signingKey, clientId, platformIssuer,
 *   deploymentId, data: settings.data, contentItems: [{ type: 'ltiResourceLink', title: 'Quiz' }] })
 * return deepLinkingResponseForm(settings.deep_link_return_url, jwt)
 * @see https://www.imsglobal.org/spec/lti-dl/v2p0/#deep-linking-response-message
 */
export async function buildDeepLinkingResponse(
  options: BuildDeepLinkingResponseOptions,
): Promise<string> {
  const parsed = optionsSchema.safeParse(options)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new TypeError(
      `buildDeepLinkingResponse: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`.trim(),
    )
  }
  const input = parsed.data
  const now = epochSeconds(options.clock ?? systemClock)
  const claims: Record<string, unknown> = {
    nonce: randomId(),
    [CLAIM.messageType]: MESSAGE_TYPE.deepLinkingResponse,
    [CLAIM.version]: LTI_VERSION,
    [CLAIM.deploymentId]: input.deploymentId,
    [CLAIM.contentItems]: input.contentItems,
  }
  const optional = [
    [CLAIM.deepLinkingData, input.data],
    [CLAIM.deepLinkingMsg, input.msg],
    [CLAIM.deepLinkingLog, input.log],
    [CLAIM.deepLinkingErrorMsg, input.errormsg],
    [CLAIM.deepLinkingErrorLog, input.errorlog],
  ] as const
  for (const [claim, value] of optional) if (value !== undefined) claims[claim] = value
  return new SignJWT(claims)
    .setProtectedHeader({ alg: options.signingKey.alg, kid: options.signingKey.kid, typ: 'JWT' })
    .setIssuer(input.clientId)
    .setAudience(input.platformIssuer)
    .setIssuedAt(now)
    .setExpirationTime(now + (input.lifetimeSeconds ?? DEFAULT_RESPONSE_LIFETIME_SECONDS))
    .sign(options.signingKey.privateKey)
}

const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['localhost', '127.0.0.1', '[::1]'])

/**
 * The page that returns the user to the platform: an auto-submitted `POST` of the form field
 * `JWT` to `deep_link_return_url` (DL §4.2). The page is not cacheable and its only script runs
 * under a per-response CSP nonce.
 * @throws TypeError when the return URL is not https (http is allowed for loopback hosts only).
 * @see https://www.imsglobal.org/spec/lti-dl/v2p0/#deep-linking-response-message
 */
export function deepLinkingResponseForm(deepLinkReturnUrl: string, jwt: string): Response {
  let url: URL
  try {
    url = new URL(deepLinkReturnUrl)
  } catch {
    throw new TypeError('deep_link_return_url must be an absolute URL')
  }
  const secure =
    url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname))
  if (!secure) throw new TypeError('deep_link_return_url must use https')
  const nonce = randomId(16)
  const html = renderAutoSubmitForm(deepLinkReturnUrl, [['JWT', jwt]], {
    title: 'Returning to the platform',
    cspNonce: nonce,
  })
  return new Response(html, {
    status: 200,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'content-security-policy': `default-src 'none'; script-src 'nonce-${nonce}'; base-uri 'none'`,
      'x-content-type-options': 'nosniff',
    },
  })
}

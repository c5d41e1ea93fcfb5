/**
 * A platform's launches sent to a tool over real HTTP, as a browser carries them: the LTI 1.3
 * login, the platform's authentication answer and the id_token form post (with the state cookie
 * the login set), or a signed LTI 1.1 form post. For tests of a tool running as a server (the
 * framework adapters, the examples, an installed package).
 */
import { buildLti11Launch, type Clock, systemClock } from '../internal/core.js'
import type { ToolUrls } from '../urls.js'
import {
  authenticationStep,
  idToken,
  launchPost,
  loginRequest,
  resourceLinkMessage,
} from './flows.js'
import type { TestPlatform } from './test-platform.js'

/** Options of {@link launch13OverHttp}. */
export interface HttpLaunch13Options {
  /** The platform's user id (`sub`). */
  readonly subject: string
  readonly givenName?: string
  readonly custom?: Readonly<Record<string, string>>
  /** The AGS line item the tool sends the score to. */
  readonly lineItemUrl?: string
  readonly clock?: Clock
  /** Send to this origin instead of the tool's public one (a tool behind a proxy). */
  readonly via?: string
}

/** The request sent to `via` (same path and query), or as it is; redirects are not followed. */
export async function sendVia(request: Request, via?: string): Promise<Response> {
  const url = new URL(request.url)
  const target = via === undefined ? url : new URL(`${url.pathname}${url.search}`, via)
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD'
  return fetch(target, {
    method: request.method,
    headers: request.headers,
    redirect: 'manual',
    ...(hasBody ? { body: await request.arrayBuffer() } : {}),
  })
}

/** An LTI 1.3 resource-link launch over HTTP; resolves the tool's answer to the id_token post. */
export async function launch13OverHttp(
  platform: TestPlatform,
  urls: Pick<ToolUrls, 'login' | 'launch'>,
  options: HttpLaunch13Options,
): Promise<Response> {
  const targetLinkUri = urls.launch
  const login = await sendVia(loginRequest(platform, urls.login, { targetLinkUri }), options.via)
  const step = await authenticationStep(platform, login, [urls.launch])
  const message = resourceLinkMessage({
    targetLinkUri,
    ...(options.lineItemUrl === undefined ? {} : { lineItemUrl: options.lineItemUrl }),
    ...(options.custom === undefined ? {} : { custom: options.custom }),
    ...(options.givenName === undefined ? {} : { profile: { given_name: options.givenName } }),
  })
  const token = await idToken(
    platform,
    step.nonce,
    message,
    options.subject,
    options.clock ?? systemClock,
  )
  const post = launchPost(step.redirectUri, { id_token: token, state: step.state }, step.cookie)
  return sendVia(post, options.via)
}

/** Options of {@link launch11OverHttp}. */
export interface HttpLaunch11Options {
  readonly consumer: { readonly key: string; readonly secret: string }
  /** The LTI 1.1 launch parameters (`user_id`, `lis_outcome_service_url`...). */
  readonly params: Readonly<Record<string, string>>
  readonly custom?: Readonly<Record<string, string>>
  readonly clock?: Clock
  readonly via?: string
}

/** A signed LTI 1.1 `basic-lti-launch-request` over HTTP; resolves the tool's answer. */
export async function launch11OverHttp(
  urls: Pick<ToolUrls, 'launch'>,
  options: HttpLaunch11Options,
): Promise<Response> {
  const { url, fields } = await buildLti11Launch({
    launchUrl: urls.launch,
    consumerKey: options.consumer.key,
    secret: options.consumer.secret,
    params: { resource_link_id: 'link-11', ...options.params },
    ...(options.custom === undefined ? {} : { custom: { ...options.custom } }),
    clock: options.clock ?? systemClock,
  })
  const request = new Request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields),
  })
  return sendVia(request, options.via)
}

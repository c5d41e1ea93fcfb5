/**
 * "Test Connection": a real handshake with the tool as the signed-in administrator. LTI 1.1: a
 * signed basic launch POSTed to the launch URL (the tool must accept the OAuth 1 signature).
 * LTI 1.3: the login initiation URL answers a third-party login, and the tool's keys (JWKS URL
 * or pasted key) hold an RS256 public key. Each step reports exactly what failed. The platform
 * layer exports no such check, so it is built here from core functions.
 */
import type { Clock } from '@ltihub/core'
import { buildLti11Launch } from '@ltihub/core/oauth1'
import { importJWK } from 'jose'

export interface TestStep {
  readonly name: string
  readonly ok: boolean
  readonly detail: string
}

export interface TestResult {
  readonly ok: boolean
  readonly steps: readonly TestStep[]
}

/** The connection settings under test (saved, or still in the form). */
export interface TestTarget {
  readonly connectionId: string
  readonly launchUrl: string
  readonly transferEmail: boolean
  readonly sendName: boolean
  readonly customParameters: Readonly<Record<string, string>>
  readonly lti11?: { readonly consumerKey: string; readonly secret: string }
  readonly lti13?: {
    readonly clientId?: string
    readonly deploymentId?: string
    readonly loginUrl: string
    readonly targetLinkUri: string
    readonly jwksUrl?: string
    readonly publicJwk?: Readonly<Record<string, unknown>>
  }
}

/** The person testing: the tool sees them as the launching user. */
export interface TestUser {
  readonly id: string
  readonly name: string
  readonly email: string
}

export interface TestDeps {
  readonly issuer: string
  readonly instanceGuid: string
  readonly authorizationEndpoint: string
  readonly clock: Clock
  readonly timeoutMs?: number
  readonly fetch?: typeof fetch
}

const DEFAULT_TIMEOUT_MS = 10_000
const MAX_JWKS_BYTES = 64 * 1024

/** A network failure, named by its system code where there is one (ECONNREFUSED, ENOTFOUND). */
function networkDetail(error: unknown, url: string, timeoutMs: number): string {
  const host = URL.canParse(url) ? new URL(url).host : url
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return `${host} did not answer within ${timeoutMs / 1000} s`
  }
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined
  const code = typeof cause?.code === 'string' ? cause.code : 'network error'
  return `could not reach ${host} (${code})`
}

function statusDetail(status: number): string {
  if (status === 401 || status === 403) {
    return `the tool refused the launch with HTTP ${status}: check the key and the secret`
  }
  if (status === 404) return 'the launch URL answered HTTP 404: check the launch URL'
  return `the tool answered HTTP ${status}`
}

async function lti11Step(target: TestTarget, user: TestUser, deps: TestDeps): Promise<TestStep> {
  const name = 'LTI 1.1 signed launch'
  const lti11 = target.lti11
  if (lti11 === undefined) return { name, ok: false, detail: 'no key and secret' }
  const timeoutMs = deps.timeoutMs ?? DEFAULT_TIMEOUT_MS
  const params: Record<string, string> = {
    resource_link_id: `ltihub-connection-test-${target.connectionId}`,
    resource_link_title: 'Connection test',
    user_id: user.id,
    roles: 'urn:lti:instrole:ims/lis/Administrator',
    tool_consumer_instance_guid: deps.instanceGuid,
    tool_consumer_info_product_family_code: 'ltihub',
    launch_presentation_document_target: 'window',
    ...(target.sendName ? { lis_person_name_full: user.name } : {}),
    ...(target.transferEmail ? { lis_person_contact_email_primary: user.email } : {}),
  }
  let form
  try {
    form = await buildLti11Launch({
      launchUrl: target.launchUrl,
      params,
      custom: target.customParameters,
      consumerKey: lti11.consumerKey,
      secret: lti11.secret,
      clock: deps.clock,
    })
  } catch (error) {
    const reason = error instanceof Error ? error.message : 'invalid settings'
    return { name, ok: false, detail: `cannot sign the launch: ${reason}` }
  }
  try {
    const response = await (deps.fetch ?? fetch)(form.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form.fields).toString(),
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    })
    await response.body?.cancel()
    // A tool that accepts a launch shows a page or redirects into its session.
    if (response.status < 400) {
      return {
        name,
        ok: true,
        detail: `the tool accepted the signed launch (HTTP ${response.status})`,
      }
    }
    return { name, ok: false, detail: statusDetail(response.status) }
  } catch (error) {
    return { name, ok: false, detail: networkDetail(error, form.url, timeoutMs) }
  }
}

async function loginStep(target: TestTarget, user: TestUser, deps: TestDeps): Promise<TestStep> {
  const name = 'LTI 1.3 login initiation'
  const lti13 = target.lti13
  if (lti13 === undefined) return { name, ok: false, detail: 'no LTI 1.3 registration' }
  const timeoutMs = deps.timeoutMs ?? DEFAULT_TIMEOUT_MS
  const url = new URL(lti13.loginUrl)
  url.searchParams.set('iss', deps.issuer)
  url.searchParams.set('login_hint', user.id)
  url.searchParams.set('target_link_uri', lti13.targetLinkUri)
  if (lti13.clientId !== undefined) url.searchParams.set('client_id', lti13.clientId)
  if (lti13.deploymentId !== undefined) {
    url.searchParams.set('lti_deployment_id', lti13.deploymentId)
  }
  try {
    const response = await (deps.fetch ?? fetch)(url, {
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    })
    await response.body?.cancel()
    if (response.status >= 400) {
      return {
        name,
        ok: false,
        detail: `the login initiation URL answered HTTP ${response.status}`,
      }
    }
    const location = response.headers.get('location')
    if (location === null) {
      return { name, ok: true, detail: `reachable (HTTP ${response.status})` }
    }
    const target = URL.canParse(location, url) ? new URL(location, url) : undefined
    if (target === undefined || !target.href.startsWith(deps.authorizationEndpoint)) {
      return { name, ok: true, detail: `reachable (HTTP ${response.status}, redirects elsewhere)` }
    }
    const sentClientId = target.searchParams.get('client_id')
    if (lti13.clientId !== undefined && sentClientId !== lti13.clientId) {
      return {
        name,
        ok: false,
        detail: `the tool answered with client_id "${sentClientId ?? ''}", not this connection's ${lti13.clientId}: check the tool's registration`,
      }
    }
    return { name, ok: true, detail: 'the tool redirected to our authorization endpoint' }
  } catch (error) {
    return { name, ok: false, detail: networkDetail(error, url.href, timeoutMs) }
  }
}

async function usableKeys(keys: readonly unknown[]): Promise<number> {
  let usable = 0
  for (const key of keys) {
    if (typeof key !== 'object' || key === null) continue
    const jwk = key as Record<string, unknown>
    if (jwk['kty'] !== 'RSA' || 'd' in jwk || (jwk['use'] !== undefined && jwk['use'] !== 'sig')) {
      continue
    }
    try {
      await importJWK({ ...jwk, alg: 'RS256' }, 'RS256')
      usable += 1
    } catch {
      // Not importable: not counted.
    }
  }
  return usable
}

async function readJwks(url: string, deps: TestDeps): Promise<unknown[] | string> {
  const timeoutMs = deps.timeoutMs ?? DEFAULT_TIMEOUT_MS
  let response: Response
  try {
    response = await (deps.fetch ?? fetch)(url, {
      headers: { accept: 'application/json' },
      redirect: 'error',
      signal: AbortSignal.timeout(timeoutMs),
    })
  } catch (error) {
    return networkDetail(error, url, timeoutMs)
  }
  if (!response.ok) {
    await response.body?.cancel()
    return `the JWKS URL answered HTTP ${response.status}`
  }
  const buffer = await response.arrayBuffer()
  if (buffer.byteLength > MAX_JWKS_BYTES) return `the JWKS is larger than ${MAX_JWKS_BYTES} bytes`
  try {
    const body = JSON.parse(new TextDecoder().decode(buffer)) as { keys?: unknown }
    if (!Array.isArray(body.keys)) return 'the JWKS URL did not answer a key set ({"keys": [...]})'
    return body.keys
  } catch {
    return 'the JWKS URL did not answer JSON'
  }
}

async function keysStep(target: TestTarget, deps: TestDeps): Promise<TestStep> {
  const name = 'LTI 1.3 tool keys'
  const lti13 = target.lti13
  if (lti13?.jwksUrl === undefined && lti13?.publicJwk === undefined) {
    return { name, ok: false, detail: 'no JWKS URL and no public key' }
  }
  const keys = lti13.jwksUrl === undefined ? [lti13.publicJwk] : await readJwks(lti13.jwksUrl, deps)
  if (typeof keys === 'string') return { name, ok: false, detail: keys }
  const usable = await usableKeys(keys)
  if (usable === 0) {
    return { name, ok: false, detail: 'no RS256 public signing key in the tool keys' }
  }
  return { name, ok: true, detail: `${usable} RS256 public key${usable === 1 ? '' : 's'} found` }
}

/**
 * Runs the handshake steps the connection's settings call for.
 * @see https://www.imsglobal.org/specs/ltiv1p1/implementation-guide
 * @see https://www.imsglobal.org/spec/security/v1p0/#openid_connect_launch_flow
 */
export async function testConnection(
  target: TestTarget,
  user: TestUser,
  deps: TestDeps,
): Promise<TestResult> {
  const steps: TestStep[] = []
  if (target.lti11 !== undefined) steps.push(await lti11Step(target, user, deps))
  if (target.lti13 !== undefined) {
    steps.push(await loginStep(target, user, deps))
    steps.push(await keysStep(target, deps))
  }
  if (steps.length === 0) {
    steps.push({
      name: 'settings',
      ok: false,
      detail: 'no LTI 1.1 key or LTI 1.3 registration to test',
    })
  }
  return { ok: steps.every((step) => step.ok), steps }
}

/**
 * The router's URL layout under the public URL, one table for both directions: matching a
 * request path to an endpoint, and building the URLs the platform puts into messages.
 *
 * | Path | Methods | What |
 * |---|---|---|
 * | `/authorize` | GET, POST | OIDC authorization endpoint (LTI 1.3 launches) |
 * | `/token` | POST | OAuth 2 client credentials token endpoint |
 * | `/jwks` | GET | the platform's public keys |
 * | `/.well-known/openid-configuration` | GET | Dynamic Registration configuration |
 * | `/register` | POST | Dynamic Registration endpoint |
 * | `/outcomes` | POST | LTI 1.1 Basic Outcomes |
 * | `/deep-linking/:sessionId` | POST | Deep Linking 2.0 return |
 * | `/content-item/:sessionId` | POST | Content-Item 1.0 return (LTI 1.1 tools) |
 * | `/contexts/:contextId/lineitems[/:lineItemId[/scores or /results]]` | per AGS | AGS |
 * | `/contexts/:contextId/memberships` | GET | NRPS |
 * | `/launch/:resourceLinkId` | GET | launch page of a placed link (the signed-in user) |
 * | `/learning-tools/:connectionId/launch?school=` | GET | launch of a Learning Tools entry |
 */
import type { PlatformEndpoints } from '../config.js'

export type PlatformRoute =
  | {
      readonly endpoint:
        'authorize' | 'token' | 'jwks' | 'openidConfiguration' | 'registration' | 'outcomes'
    }
  | { readonly endpoint: 'deepLinkingReturn' | 'contentItemReturn'; readonly sessionId: string }
  | { readonly endpoint: 'lineItems' | 'memberships'; readonly contextId: string }
  | {
      readonly endpoint: 'lineItem' | 'scores' | 'results'
      readonly contextId: string
      readonly lineItemId: string
    }
  | { readonly endpoint: 'launch'; readonly resourceLinkId: string }
  | { readonly endpoint: 'learningToolLaunch'; readonly connectionId: string }

const FIXED: Readonly<Record<string, PlatformRoute>> = {
  '/authorize': { endpoint: 'authorize' },
  '/token': { endpoint: 'token' },
  '/jwks': { endpoint: 'jwks' },
  '/.well-known/openid-configuration': { endpoint: 'openidConfiguration' },
  '/register': { endpoint: 'registration' },
  '/outcomes': { endpoint: 'outcomes' },
}

/** One path segment, percent-decoded; `undefined` when empty or malformed. */
function segment(raw: string | undefined): string | undefined {
  if (raw === undefined || raw === '') return undefined
  try {
    return decodeURIComponent(raw)
  } catch {
    return undefined
  }
}

/** The endpoint of a path relative to the mount point (`/token`, `/contexts/c1/lineitems`). */
export function matchRoute(path: string): PlatformRoute | undefined {
  const fixed = FIXED[path]
  if (fixed !== undefined) return fixed
  const parts = path.split('/').slice(1)
  const [first, second, third, fourth, fifth, ...rest] = parts
  if (rest.length > 0) return undefined
  if ((first === 'deep-linking' || first === 'content-item') && third === undefined) {
    const sessionId = segment(second)
    const endpoint = first === 'deep-linking' ? 'deepLinkingReturn' : 'contentItemReturn'
    return sessionId === undefined ? undefined : { endpoint, sessionId }
  }
  if (first === 'launch' && third === undefined) {
    const resourceLinkId = segment(second)
    return resourceLinkId === undefined ? undefined : { endpoint: 'launch', resourceLinkId }
  }
  if (first === 'learning-tools' && third === 'launch' && fourth === undefined) {
    const connectionId = segment(second)
    return connectionId === undefined ? undefined : { endpoint: 'learningToolLaunch', connectionId }
  }
  const contextId = first === 'contexts' ? segment(second) : undefined
  if (contextId === undefined) return undefined
  if (third === 'memberships' && fourth === undefined) return { endpoint: 'memberships', contextId }
  if (third !== 'lineitems') return undefined
  if (fourth === undefined) return { endpoint: 'lineItems', contextId }
  const lineItemId = segment(fourth)
  if (lineItemId === undefined) return undefined
  if (fifth === undefined) return { endpoint: 'lineItem', contextId, lineItemId }
  if (fifth === 'scores' || fifth === 'results') return { endpoint: fifth, contextId, lineItemId }
  return undefined
}

/** The public URL without a trailing slash: the prefix of every endpoint. */
export function mountRoot(publicUrl: string): string {
  const url = new URL(publicUrl)
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new TypeError('publicUrl must be an http(s) URL')
  }
  if (url.search !== '' || url.hash !== '') {
    throw new TypeError('publicUrl must have no query or fragment')
  }
  return url.href.replace(/\/+$/, '')
}

const enc = encodeURIComponent

/** The URLs the platform sends to tools, under `root` (see {@link mountRoot}). */
export function routerEndpoints(root: string): PlatformEndpoints {
  const context = (contextId: string) => `${root}/contexts/${enc(contextId)}`
  return {
    authorization: `${root}/authorize`,
    token: `${root}/token`,
    jwks: `${root}/jwks`,
    openidConfiguration: `${root}/.well-known/openid-configuration`,
    registration: `${root}/register`,
    outcomes: `${root}/outcomes`,
    deepLinkingReturn: (sessionId) => `${root}/deep-linking/${enc(sessionId)}`,
    contentItemReturn: (sessionId) => `${root}/content-item/${enc(sessionId)}`,
    lineItems: (contextId) => `${context(contextId)}/lineitems`,
    lineItem: (contextId, lineItemId) => `${context(contextId)}/lineitems/${enc(lineItemId)}`,
    memberships: (contextId) => `${context(contextId)}/memberships`,
  }
}

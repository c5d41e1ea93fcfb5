import { normalizeIP } from '@fastify/rate-limit'
import { parseAuthorizationHeader } from '@ltihub/core'
import type { FastifyRequest } from 'fastify'
import type { AppContext } from '../../context.js'
import { ROUTES } from '../platform-lti/urls.js'
import { TOOL_BASE_PATH } from '../tool-lti/tool.js'
import type { ReplyKind } from './replies.js'

/** The limits that count every request, each with its setting in the `rateLimits` configuration. */
export type RequestLimitName =
  | 'signIn'
  | 'signInAccount'
  | 'oidcCallback'
  | 'authorize'
  | 'token'
  | 'toolLogin'
  | 'registration'
  | 'api'

/** Where a request stands when its limit is checked: before or after its body is read. */
export type Stage = 'onRequest' | 'preHandler'

/** Whom a request is counted against; `undefined` when the rule does not apply to it. */
type SubjectOf = (request: FastifyRequest, ctx: AppContext) => string | undefined

/** One limited kind of request: which requests, counted by what, answered how. */
export interface RequestRule {
  /** Unique; the counters' key prefix. */
  readonly id: string
  readonly limit: RequestLimitName
  readonly stage: Stage
  readonly reply: ReplyKind
  readonly subject: SubjectOf
}

const TOOL_LOGIN = `${TOOL_BASE_PATH}lti/login`
const TOOL_REGISTER = `${TOOL_BASE_PATH}lti/register`
const TOOL_LAUNCH = `${TOOL_BASE_PATH}lti/launch`
const OIDC_PREFIX = '/console/sign-in/oidc/'

/** The route pattern a request matched (`/platform/contexts/:contextId/…`), else ''. */
const routeOf = (request: FastifyRequest): string => request.routeOptions.url ?? ''

/** The path of a request, without its query. */
const pathOf = (request: FastifyRequest): string => request.url.split('?', 1)[0] ?? ''

/** The client address (X-Forwarded-For behind TRUST_PROXY), IPv6 grouped by /64 as the library does. */
export const addressOf = (request: FastifyRequest): string => normalizeIP(request.ip)

/** A credential form post: sign-in (password, demo) or the first administrator's setup. */
function isSignInPost(request: FastifyRequest): boolean {
  const route = routeOf(request)
  return (
    request.method === 'POST' &&
    (route === '/console/sign-in' ||
      route === '/console/setup' ||
      route.startsWith('/console/sign-in/')) &&
    !route.startsWith(OIDC_PREFIX)
  )
}

/** The account name typed into a password form (`email` or `username`), normalised. */
function accountOf(request: FastifyRequest): string | undefined {
  const body = request.body
  if (typeof body !== 'object' || body === null) return undefined
  const fields = body as Record<string, unknown>
  const typed = fields['email'] ?? fields['username']
  if (typeof typed !== 'string' || typed.trim() === '') return undefined
  return typed.trim().toLowerCase().slice(0, 320)
}

/** `Authorization: Bearer <token>`, else the console session cookie, else the address. */
function apiCallerOf(request: FastifyRequest, ctx: AppContext): string {
  const authorization = request.headers.authorization
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1]
  if (bearer !== undefined) return `token:${bearer}`
  const session = request.cookies[ctx.sessions.cookieName]
  if (session !== undefined && session !== '') return `session:${session}`
  return `address:${addressOf(request)}`
}

const when =
  (test: (request: FastifyRequest) => boolean, subject: SubjectOf): SubjectOf =>
  (request, ctx) =>
    test(request) ? subject(request, ctx) : undefined

const byAddress = (request: FastifyRequest): string => addressOf(request)

/**
 * Every request limit, by route pattern (the tool layer's endpoints share one wildcard route, so
 * they go by path). Routes of a role that is off never match.
 */
export const REQUEST_RULES: readonly RequestRule[] = [
  {
    id: 'sign-in',
    limit: 'signIn',
    stage: 'onRequest',
    reply: 'console',
    subject: when(isSignInPost, byAddress),
  },
  {
    id: 'sign-in-account',
    limit: 'signInAccount',
    stage: 'preHandler',
    reply: 'console',
    subject: when(isSignInPost, accountOf),
  },
  {
    id: 'oidc',
    limit: 'oidcCallback',
    stage: 'onRequest',
    reply: 'console',
    subject: when((r) => routeOf(r).startsWith(OIDC_PREFIX), byAddress),
  },
  {
    id: 'authorize',
    limit: 'authorize',
    stage: 'onRequest',
    reply: 'page',
    subject: when((r) => routeOf(r) === ROUTES.authorize, byAddress),
  },
  {
    id: 'token',
    limit: 'token',
    stage: 'onRequest',
    reply: 'oauth',
    subject: when((r) => routeOf(r) === ROUTES.token, byAddress),
  },
  {
    id: 'tool-login',
    limit: 'toolLogin',
    stage: 'onRequest',
    reply: 'page',
    subject: when((r) => pathOf(r) === TOOL_LOGIN, byAddress),
  },
  {
    id: 'platform-registration',
    limit: 'registration',
    stage: 'onRequest',
    reply: 'problem',
    subject: when((r) => routeOf(r) === ROUTES.registration, byAddress),
  },
  {
    id: 'tool-registration',
    limit: 'registration',
    stage: 'onRequest',
    reply: 'page',
    subject: when((r) => pathOf(r) === TOOL_REGISTER, byAddress),
  },
  {
    id: 'api',
    limit: 'api',
    stage: 'onRequest',
    reply: 'problem',
    subject: when((r) => routeOf(r).startsWith('/api/'), apiCallerOf),
  },
]

/** An LTI 1.1 request whose wrong signatures are counted, and how its refusal is answered. */
export interface SignatureTarget {
  readonly consumerKey: string
  readonly reply: ReplyKind
}

function formConsumerKey(request: FastifyRequest): string | undefined {
  const type = request.headers['content-type'] ?? ''
  if (!Buffer.isBuffer(request.body) || !type.startsWith('application/x-www-form-urlencoded')) {
    return undefined
  }
  return new URLSearchParams(request.body.toString('utf8')).get('oauth_consumer_key') ?? undefined
}

function headerConsumerKey(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization
  if (header === undefined) return undefined
  try {
    return parseAuthorizationHeader(header)?.find(([name]) => name === 'oauth_consumer_key')?.[1]
  } catch {
    return undefined // an oversize header: the endpoint refuses it itself
  }
}

/**
 * The LTI 1.1 consumer key of a tool launch (form post) or a Basic Outcomes request (OAuth
 * header), when the request is one; read after the body (`preHandler`).
 */
export function signatureTargetOf(request: FastifyRequest): SignatureTarget | undefined {
  if (request.method !== 'POST') return undefined
  const path = pathOf(request)
  if (path === TOOL_LAUNCH || path.startsWith(`${TOOL_LAUNCH}/`)) {
    const consumerKey = formConsumerKey(request)
    return consumerKey === undefined ? undefined : { consumerKey, reply: 'page' }
  }
  if (routeOf(request) === ROUTES.outcomes) {
    const consumerKey = headerConsumerKey(request)
    return consumerKey === undefined ? undefined : { consumerKey, reply: 'pox' }
  }
  return undefined
}

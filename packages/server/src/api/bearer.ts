import { createHash } from 'node:crypto'
import type { IncomingHttpHeaders } from 'node:http'

/** RFC 6750 §2.1: `Bearer` (any case), one space or more, then a b64token. */
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*)$/i
/** Longer values are no token of ours; refused before any hashing or lookup. */
const MAX_TOKEN_LENGTH = 512

/** What the Authorization header of a request holds, for the API. */
export type BearerCredential =
  | { readonly kind: 'none' }
  | { readonly kind: 'bearer'; readonly token: string }
  /** An Authorization header that is not a well-formed bearer token (another scheme, junk). */
  | { readonly kind: 'malformed' }

/**
 * Reads `Authorization: Bearer <token>`. The one place the API parses bearer credentials: the
 * API guard and the per-token rate limit both call it, so they agree on what a token is.
 */
export function readBearer(headers: IncomingHttpHeaders): BearerCredential {
  const header = headers.authorization
  if (header === undefined || header === '') return { kind: 'none' }
  const match = BEARER.exec(header.trim())
  const token = match?.[1]
  if (token === undefined || token.length > MAX_TOKEN_LENGTH) return { kind: 'malformed' }
  return { kind: 'bearer', token }
}

/** The bearer token of a request, or `undefined` when it carries none (or a malformed one). */
export function bearerTokenOf(request: {
  readonly headers: IncomingHttpHeaders
}): string | undefined {
  const credential = readBearer(request.headers)
  return credential.kind === 'bearer' ? credential.token : undefined
}

/**
 * The SHA-256 of a token (hex): what the database stores and what keys anything per token (rate
 * limits, logs). A token is 256 random bits, so a plain hash cannot be reversed by guessing.
 */
export function tokenDigest(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex')
}

/** The digest of the request's bearer token, a safe per-token key; `undefined` without one. */
export function bearerKeyOf(request: {
  readonly headers: IncomingHttpHeaders
}): string | undefined {
  const token = bearerTokenOf(request)
  return token === undefined ? undefined : tokenDigest(token)
}

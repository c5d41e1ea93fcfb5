/**
 * API tokens: creation (the value returned once), resolution of a bearer value to its owner as
 * they are now, revocation. A token is `lth_` and 256 random bits in base64url; the database keeps
 * only its SHA-256, so neither a copy of the database nor a log line can be replayed.
 */
import { randomBytes } from 'node:crypto'
import type { AppContext } from '../../context.js'
import type { Principal } from '../../console/session.js'
import { tokenDigest } from '../../api/bearer.js'
import type { TokenGrant } from '../../api/guard.js'
import { type ApiScope, grantableScopes, isApiScope, SCOPE_NAMES } from '../../api/scopes.js'
import {
  type ApiTokenRow,
  findToken,
  findTokenByDigest,
  insertToken,
  listTokens,
  recordUse,
  revokeToken,
} from './repository.js'

type Ctx = Pick<AppContext, 'db' | 'clock' | 'identity'>

/** The recognisable start of every token (secret scanners can look for it). */
export const TOKEN_PREFIX = 'lth_'
const DAY_MS = 24 * 60 * 60 * 1000
/** The longest a token may live. */
export const MAX_LIFETIME_MS = 366 * DAY_MS
/** A use is written at most this often per token; reads in between cost no write. */
export const LAST_USE_INTERVAL_MS = 60 * 1000

export type TokenState = 'active' | 'expired' | 'revoked'

/** A token as pages and logs see it: never its value or digest. */
export interface TokenView {
  readonly id: string
  readonly ownerId: string
  readonly name: string
  readonly scopes: readonly ApiScope[]
  readonly createdAt: number
  readonly expiresAt: number
  readonly revokedAt: number | null
  readonly lastUsedAt: number | null
  readonly lastUsedAddress: string | null
  readonly state: TokenState
}

function scopesOf(row: ApiTokenRow): ApiScope[] {
  return row.scopes.split(' ').filter(isApiScope)
}

function viewOf(row: ApiTokenRow, now: number): TokenView {
  const state: TokenState =
    row.revoked_at !== null ? 'revoked' : Number(row.expires_at) <= now ? 'expired' : 'active'
  return {
    id: row.id,
    ownerId: row.owner_id,
    name: row.name,
    scopes: scopesOf(row),
    createdAt: Number(row.created_at),
    expiresAt: Number(row.expires_at),
    revokedAt: row.revoked_at === null ? null : Number(row.revoked_at),
    lastUsedAt: row.last_used_at === null ? null : Number(row.last_used_at),
    lastUsedAddress: row.last_used_address,
    state,
  }
}

export interface NewToken {
  readonly name: string
  readonly scopes: readonly ApiScope[]
  readonly expiresAt: number
}

/**
 * Creates a token for `owner` and returns its value, which is never available again. Throws
 * `TypeError` for scopes beyond the owner's roles or an expiry outside (now, now + a year]: the
 * form checks both first, so this is a programming error.
 */
export async function createToken(
  ctx: Ctx,
  owner: Principal,
  input: NewToken,
): Promise<{ value: string; token: TokenView }> {
  const now = ctx.clock()
  const grantable = grantableScopes(owner.roles)
  if (input.scopes.length === 0 || input.scopes.some((scope) => !grantable.includes(scope))) {
    throw new TypeError(`${owner.id} may not grant ${input.scopes.join(' ')}`)
  }
  if (input.expiresAt <= now || input.expiresAt > now + MAX_LIFETIME_MS) {
    throw new TypeError('a token expires within a year')
  }
  const value = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`
  const row: ApiTokenRow = {
    id: randomBytes(12).toString('base64url'),
    owner_id: owner.id,
    name: input.name,
    digest: tokenDigest(value),
    scopes: SCOPE_NAMES.filter((scope) => input.scopes.includes(scope)).join(' '),
    created_at: now,
    expires_at: input.expiresAt,
    revoked_at: null,
    revoked_by: null,
    last_used_at: null,
    last_used_address: null,
  }
  await insertToken(ctx.db, row)
  return { value, token: viewOf(row, now) }
}

/**
 * What a bearer value may do now: `undefined` for an unknown, expired or revoked token, or one
 * whose owner is unknown or disabled. The scopes are cut to those the owner's current roles
 * reach, so a demoted owner's token loses the rest at once. Records the use (time and address)
 * when the last record is older than {@link LAST_USE_INTERVAL_MS}.
 */
export async function resolveToken(
  ctx: Ctx,
  value: string,
  address: string,
): Promise<TokenGrant | undefined> {
  if (!value.startsWith(TOKEN_PREFIX)) return undefined
  const row = await findTokenByDigest(ctx.db, tokenDigest(value))
  const now = ctx.clock()
  if (row === undefined || viewOf(row, now).state !== 'active') return undefined
  const principal = await ctx.identity.findById(row.owner_id)
  if (principal === undefined) return undefined
  const reach = grantableScopes(principal.roles)
  const lastUse = row.last_used_at === null ? undefined : Number(row.last_used_at)
  if (
    lastUse === undefined ||
    now - lastUse >= LAST_USE_INTERVAL_MS ||
    row.last_used_address !== address
  ) {
    await recordUse(ctx.db, row.id, now, address)
  }
  return {
    tokenId: row.id,
    principal,
    scopes: scopesOf(row).filter((scope) => reach.includes(scope)),
  }
}

/** A person's tokens, or everyone's; newest first. */
export async function tokensOf(ctx: Ctx, ownerId?: string): Promise<TokenView[]> {
  const now = ctx.clock()
  return (await listTokens(ctx.db, ownerId)).map((row) => viewOf(row, now))
}

/** The token if `viewer` may manage it (its owner, or an administrator). */
export async function tokenFor(
  ctx: Ctx,
  viewer: Principal,
  id: string,
): Promise<TokenView | undefined> {
  const row = await findToken(ctx.db, id)
  if (row === undefined) return undefined
  if (row.owner_id !== viewer.id && !viewer.roles.includes('administrator')) return undefined
  return viewOf(row, ctx.clock())
}

/** Revokes a token `viewer` may manage; false when there is none or it was revoked already. */
export async function revoke(ctx: Ctx, viewer: Principal, id: string): Promise<boolean> {
  if ((await tokenFor(ctx, viewer, id)) === undefined) return false
  return revokeToken(ctx.db, id, viewer.id, ctx.clock())
}

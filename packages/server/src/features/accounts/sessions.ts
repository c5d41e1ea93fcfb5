import { randomBytes, randomUUID } from 'node:crypto'
import type { Clock } from '@ltihub/core'
import type { FastifyRequest } from 'fastify'
import type { Kysely } from 'kysely'
import type { Principal, SessionInfo, Sessions } from '../../console/session.js'
import type { Database } from '../../db/schema.js'
import { sha256Base64url } from '../../security/digest.js'
import type { Identity } from './identity.js'

/** Last activity is written at most this often, so reads are not a write per request. */
export const LAST_SEEN_GRANULARITY_MS = 60_000

/** 32 random bytes (256 bits) as base64url. */
const SESSION_ID = /^[A-Za-z0-9_-]{43}$/

const MAX_USER_AGENT = 300

export interface SessionsOptions {
  readonly db: Kysely<Database>
  readonly identity: Identity
  readonly clock: Clock
  /** `__Host-` prefix and Secure when PUBLIC_URL is https. */
  readonly https: boolean
  readonly idleMs: number
  readonly maxMs: number
}

interface Current {
  readonly principal: Principal
  readonly handle: string
}

/**
 * Server-side console sessions: the cookie carries a random 256-bit id (HttpOnly, SameSite=Lax,
 * `__Host-` and Secure over https); the database keeps its SHA-256, the person's id, and the
 * times that bound it (idle and absolute). Everything is in the database, so signing out in one
 * process ends the session in all. Each request resolves the person's roles afresh through
 * `identity`: a demoted administrator is refused at once, a disabled person is signed out.
 */
export function createSessions(options: SessionsOptions): Sessions {
  const { db, identity, clock } = options
  const cookieName = options.https ? '__Host-ltihub_session' : 'ltihub_session'
  const cookieOptions = {
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: options.https,
    path: '/',
  }
  // One lookup per request, however many guards and pages ask.
  const resolved = new WeakMap<FastifyRequest, Promise<Current | undefined>>()

  function cookieHash(request: FastifyRequest): string | undefined {
    const raw = request.cookies[cookieName]
    return raw !== undefined && SESSION_ID.test(raw) ? sha256Base64url(raw) : undefined
  }

  async function deleteByHash(hash: string): Promise<void> {
    await db.deleteFrom('console_sessions').where('id_sha256', '=', hash).execute()
  }

  async function resolve(request: FastifyRequest): Promise<Current | undefined> {
    const hash = cookieHash(request)
    if (hash === undefined) return undefined
    const row = await db
      .selectFrom('console_sessions')
      .select(['person_id', 'handle', 'last_seen_at', 'expires_at'])
      .where('id_sha256', '=', hash)
      .executeTakeFirst()
    if (row === undefined) return undefined
    const now = clock()
    const lastSeen = Number(row.last_seen_at)
    if (now >= Number(row.expires_at) || now - lastSeen >= options.idleMs) {
      await deleteByHash(hash)
      return undefined
    }
    const principal = await identity.findById(row.person_id)
    if (principal === undefined) {
      // Unknown or disabled now: the session ends with the person's access.
      await deleteByHash(hash)
      return undefined
    }
    if (now - lastSeen > LAST_SEEN_GRANULARITY_MS) {
      await db
        .updateTable('console_sessions')
        .set({ last_seen_at: now })
        .where('id_sha256', '=', hash)
        .where('last_seen_at', '=', row.last_seen_at)
        .execute()
    }
    return { principal, handle: row.handle }
  }

  function current(request: FastifyRequest): Promise<Current | undefined> {
    let found = resolved.get(request)
    if (found === undefined) {
      found = resolve(request)
      resolved.set(request, found)
    }
    return found
  }

  return {
    cookieName,
    async signIn(request, reply, principal, { method }) {
      const old = cookieHash(request)
      if (old !== undefined) await deleteByHash(old)
      const id = randomBytes(32).toString('base64url')
      const handle = randomUUID()
      const now = clock()
      const agent = request.headers['user-agent']
      await db
        .insertInto('console_sessions')
        .values({
          id_sha256: sha256Base64url(id),
          handle,
          person_id: principal.id,
          method,
          user_agent: agent === undefined ? null : agent.slice(0, MAX_USER_AGENT),
          created_at: now,
          last_seen_at: now,
          expires_at: now + options.maxMs,
        })
        .execute()
      reply.setCookie(cookieName, id, { ...cookieOptions, maxAge: options.maxMs / 1000 })
      resolved.set(request, Promise.resolve({ principal, handle }))
    },
    async read(request) {
      return (await current(request))?.principal
    },
    async signOut(request, reply) {
      const hash = cookieHash(request)
      if (hash !== undefined) await deleteByHash(hash)
      reply.clearCookie(cookieName, cookieOptions)
      resolved.set(request, Promise.resolve(undefined))
    },
    async endAllFor(principalId) {
      const result = await db
        .deleteFrom('console_sessions')
        .where('person_id', '=', principalId)
        .executeTakeFirst()
      return Number(result.numDeletedRows)
    },
    async end(principalId, handle) {
      const result = await db
        .deleteFrom('console_sessions')
        .where('person_id', '=', principalId)
        .where('handle', '=', handle)
        .executeTakeFirst()
      return result.numDeletedRows > 0n
    },
    async list(principalId) {
      const now = clock()
      const rows = await db
        .selectFrom('console_sessions')
        .select(['handle', 'person_id', 'method', 'user_agent', 'created_at', 'last_seen_at'])
        .select('expires_at')
        .where('person_id', '=', principalId)
        .where('expires_at', '>', now)
        .where('last_seen_at', '>', now - options.idleMs)
        .orderBy('last_seen_at', 'desc')
        .orderBy('created_at', 'desc')
        .execute()
      return rows.map((row): SessionInfo => ({
        handle: row.handle,
        personId: row.person_id,
        method: row.method,
        userAgent: row.user_agent,
        createdAt: Number(row.created_at),
        lastSeenAt: Number(row.last_seen_at),
        expiresAt: Number(row.expires_at),
      }))
    },
    async currentHandle(request) {
      return (await current(request))?.handle
    },
    async purgeExpired() {
      const now = clock()
      const result = await db
        .deleteFrom('console_sessions')
        .where((eb) =>
          eb.or([eb('expires_at', '<=', now), eb('last_seen_at', '<=', now - options.idleMs)]),
        )
        .executeTakeFirst()
      return Number(result.numDeletedRows)
    },
  }
}

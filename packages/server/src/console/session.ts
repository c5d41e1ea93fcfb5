import type { Clock } from '@ltihub/core'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'

/** Someone signed in to the console. Features decide what `roles` allow. */
export interface Principal {
  readonly id: string
  readonly name: string
  /** e.g. `administrator`, `teacher`; the platform features define the vocabulary. */
  readonly roles: readonly string[]
}

/** Sign-in state of the console, kept in a signed cookie (HMAC-SHA256 with the session key). */
export interface Sessions {
  /** The cookie's name (`__Host-` prefixed when PUBLIC_URL is https). */
  readonly cookieName: string
  signIn(reply: FastifyReply, principal: Principal): void
  signOut(reply: FastifyReply): void
  /** The signed-in principal, or `undefined` for no, a tampered or an expired cookie. */
  read(request: FastifyRequest): Principal | undefined
}

/** How long a console sign-in lasts. */
export const SESSION_TTL_MS = 8 * 60 * 60 * 1000

const principalSchema = z.strictObject({
  id: z.string().min(1).max(200),
  name: z.string().min(1).max(200),
  roles: z.array(z.string().min(1).max(64)).max(20),
})

const payloadSchema = z.strictObject({
  v: z.literal(1),
  principal: principalSchema,
  iat: z.number().int(),
  exp: z.number().int(),
})

function decode(value: string): unknown {
  try {
    return JSON.parse(Buffer.from(value, 'base64url').toString('utf8'))
  } catch {
    return undefined
  }
}

/**
 * Console sessions in a signed cookie: HttpOnly, SameSite=Lax, Secure and `__Host-` prefixed when
 * PUBLIC_URL is https, expiring after {@link SESSION_TTL_MS}. The cookie is signed, not encrypted:
 * it holds only the principal's id, name and roles. Signing out clears it in this browser; the
 * expiry bounds a copied cookie.
 */
export function createSessions(options: {
  readonly https: boolean
  readonly clock: Clock
}): Sessions {
  const cookieName = options.https ? '__Host-ltihub_session' : 'ltihub_session'
  const cookieOptions = {
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: options.https,
    path: '/',
  }
  return {
    cookieName,
    signIn(reply, principal) {
      const iat = options.clock()
      const payload = {
        v: 1,
        principal: principalSchema.parse(principal),
        iat,
        exp: iat + SESSION_TTL_MS,
      }
      const value = Buffer.from(JSON.stringify(payload)).toString('base64url')
      reply.setCookie(cookieName, value, {
        ...cookieOptions,
        signed: true,
        maxAge: SESSION_TTL_MS / 1000,
      })
    },
    signOut(reply) {
      reply.clearCookie(cookieName, cookieOptions)
    },
    read(request) {
      const raw = request.cookies[cookieName]
      if (raw === undefined) return undefined
      const unsigned = request.unsignCookie(raw)
      if (!unsigned.valid || unsigned.value === null) return undefined
      const parsed = payloadSchema.safeParse(decode(unsigned.value))
      if (!parsed.success || parsed.data.exp <= options.clock()) return undefined
      return parsed.data.principal
    },
  }
}

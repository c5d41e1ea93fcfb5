import type { FastifyReply, FastifyRequest } from 'fastify'

/** Someone signed in to the console. Features decide what `roles` allow. */
export interface Principal {
  readonly id: string
  readonly name: string
  /** e.g. `administrator`, `teacher`; the platform features define the vocabulary. */
  readonly roles: readonly string[]
}

/** How a session began. */
export type SessionMethod = 'password' | 'oidc' | 'demo' | 'setup'

/** One signed-in browser of a person, as the console shows it (never the session id). */
export interface SessionInfo {
  /** A random name for the session on console pages ("End this session"). */
  readonly handle: string
  readonly personId: string
  readonly method: string
  readonly userAgent: string | null
  /** Epoch ms. */
  readonly createdAt: number
  readonly lastSeenAt: number
  readonly expiresAt: number
}

/**
 * Console sign-in state, kept server-side in the database (features/accounts/sessions.ts): the
 * browser holds only a random session id, the database only its SHA-256. The principal's name and
 * roles are read from the current records at each request, never stored in the session.
 */
export interface Sessions {
  /** The cookie's name (`__Host-` prefixed when PUBLIC_URL is https). */
  readonly cookieName: string
  /** Starts a new session (a new id) for `principal`, ending any session this browser had. */
  signIn(
    request: FastifyRequest,
    reply: FastifyReply,
    principal: Principal,
    options: { readonly method: SessionMethod },
  ): Promise<void>
  /** The signed-in principal with roles resolved now; `undefined` without a live session. */
  read(request: FastifyRequest): Promise<Principal | undefined>
  /** Ends this browser's session (the row is deleted: a replayed cookie is refused). */
  signOut(request: FastifyRequest, reply: FastifyReply): Promise<void>
  /** Ends every session of a person; returns how many ended. */
  endAllFor(principalId: string): Promise<number>
  /** Ends one session of a person by its handle; false when there was none. */
  end(principalId: string, handle: string): Promise<boolean>
  /** A person's live sessions, most recently seen first. */
  list(principalId: string): Promise<SessionInfo[]>
  /** The handle of this request's session, to mark "this browser" in lists. */
  currentHandle(request: FastifyRequest): Promise<string | undefined>
  /** Deletes ended sessions (a job calls it); returns how many. */
  purgeExpired(): Promise<number>
}

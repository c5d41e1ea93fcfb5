/**
 * The browser's half of a sign-in in progress: PKCE verifier, state, nonce and where to go after,
 * sealed with the data cipher in a short-lived cookie. The state is also consumed in the nonce
 * store on the callback, so one started sign-in finishes at most once, in any process.
 */
import type { FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import type { AppContext } from '../../context.js'

/** How long a person may take at the provider before the sign-in must start again. */
export const FLOW_TTL_MS = 10 * 60 * 1000
const SEAL_CONTEXT = 'sso-sign-in-flow'
const NONCE_SCOPE = 'sso-state'

const flowSchema = z.strictObject({
  v: z.literal(1),
  provider: z.string().min(1).max(40),
  state: z.string().min(16).max(200),
  nonce: z.string().min(16).max(200),
  verifier: z.string().min(43).max(128),
  next: z.string().max(2000),
  exp: z.number().int(),
})
export type FlowState = Omit<z.output<typeof flowSchema>, 'v' | 'exp'>

/** `__Host-` and Secure when PUBLIC_URL is https; SameSite=Lax reaches the top-level callback. */
function cookieOf(ctx: AppContext) {
  const https = ctx.config.publicUrl.startsWith('https://')
  return {
    name: https ? '__Host-ltihub_sso' : 'ltihub_sso',
    options: { httpOnly: true, sameSite: 'lax' as const, secure: https, path: '/' },
  }
}

export async function saveFlow(ctx: AppContext, reply: FastifyReply, flow: FlowState) {
  const payload = { v: 1, ...flow, exp: ctx.clock() + FLOW_TTL_MS }
  const sealed = await ctx.cipher.encrypt(JSON.stringify(payload), SEAL_CONTEXT)
  const cookie = cookieOf(ctx)
  reply.setCookie(cookie.name, sealed, { ...cookie.options, maxAge: FLOW_TTL_MS / 1000 })
}

/**
 * Takes the flow this browser started (clearing its cookie): `undefined` when there is none, it
 * expired, was altered, or was already used.
 */
export async function takeFlow(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<FlowState | undefined> {
  const cookie = cookieOf(ctx)
  const raw = request.cookies[cookie.name]
  if (raw === undefined) return undefined
  reply.clearCookie(cookie.name, cookie.options)
  let parsed: unknown
  try {
    parsed = JSON.parse(await ctx.cipher.decrypt(raw, SEAL_CONTEXT))
  } catch {
    return undefined
  }
  const result = flowSchema.safeParse(parsed)
  if (!result.success || result.data.exp <= ctx.clock()) return undefined
  const first = await ctx.nonces.consume(NONCE_SCOPE, result.data.state, result.data.exp)
  if (!first) return undefined
  const { v: _v, exp: _exp, ...flow } = result.data
  return flow
}

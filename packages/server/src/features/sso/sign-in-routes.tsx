/**
 * Sign-in through an identity provider: the button links to `start`, which sends the browser to
 * the provider with PKCE, state and nonce (kept sealed in a cookie); the provider sends it back to
 * `callback`, where the tokens are checked, the email read, the person found and a session begun.
 * Every refusal is a console page, never JSON, and starts no session.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import type { AppContext } from '../../context.js'
import { renderConsolePage } from '../../console/render.js'
import { safeNext } from '../../console/sign-in-methods.js'
import { parseRequest } from '../../http/validate.js'
import { FAILURE_STATUS, SsoFailure } from './failure.js'
import { takeFlow, saveFlow } from './flow-state.js'
import type { IdentityProvider } from './model.js'
import { redirectUriOf } from './paths.js'
import type { ProviderClients } from './provider-client.js'
import { findProviderWithSecret } from './repository.js'
import { SignInFailedPage } from './sign-in-pages.js'

const params = z.object({ provider: z.string().min(1).max(200) })
const startQuery = z.object({ next: z.string().max(2000).optional() })
const callbackQuery = z.object({ state: z.string().max(1000).optional() }).loose()

async function enabledProvider(ctx: AppContext, id: string) {
  const found = await findProviderWithSecret(ctx.db, ctx.cipher, id)
  if (found === undefined) throw new SsoFailure('provider-unknown')
  if (!found.provider.enabled) {
    throw new SsoFailure('provider-disabled', { shown: found.provider.displayName })
  }
  return found
}

/** The person the provider vouched for, or the reason there is none. */
async function personOf(
  ctx: AppContext,
  provider: IdentityProvider,
  claims: { email: string | undefined; emailVerified: boolean },
) {
  if (claims.email === undefined) throw new SsoFailure('email-missing')
  if (provider.requireVerifiedEmail && !claims.emailVerified) {
    throw new SsoFailure('email-unverified', { shown: claims.email })
  }
  const found = await ctx.identity.findByEmail(claims.email)
  if (found === undefined) throw new SsoFailure('unknown-person', { shown: claims.email })
  return found.principal
}

export function signInRoutes(clients: ProviderClients) {
  return async (app: FastifyInstance, ctx: AppContext): Promise<void> => {
    async function fail(
      request: FastifyRequest,
      reply: FastifyReply,
      error: unknown,
      providerId: string,
    ) {
      if (!(error instanceof SsoFailure)) throw error
      const provider = await findProviderWithSecret(ctx.db, ctx.cipher, providerId).catch(
        () => undefined,
      )
      request.log.warn(
        { provider: providerId, reason: error.reason, detail: error.message, err: error.cause },
        'single sign-on refused',
      )
      return renderConsolePage(ctx, request, reply, {
        title: 'Sign-in did not work',
        status: FAILURE_STATUS[error.reason],
        body: (
          <SignInFailedPage
            reason={error.reason}
            providerName={provider?.provider.displayName ?? 'The provider'}
            shown={error.reason === 'provider-disabled' ? undefined : error.shown}
          />
        ),
      })
    }

    // A link, not a form: the console's CSP (`form-action 'self'`) stops a form whose answer
    // redirects to another site, and starting a sign-in changes nothing but this browser's cookie.
    app.get('/console/sign-in/oidc/:provider', async (request, reply) => {
      const { provider: id } = parseRequest(params, request.params, 'params')
      try {
        const query = parseRequest(startQuery, request.query, 'query')
        const { provider, clientSecret } = await enabledProvider(ctx, id)
        const redirectUri = redirectUriOf(ctx.config.publicUrl, provider.id)
        const start = await clients.start(provider, clientSecret, redirectUri)
        await saveFlow(ctx, reply, {
          provider: provider.id,
          state: start.state,
          nonce: start.nonce,
          verifier: start.verifier,
          next: safeNext(query.next),
        })
        return reply.redirect(start.url.href, 303)
      } catch (error) {
        return fail(request, reply, error, id)
      }
    })

    app.get('/console/sign-in/oidc/:provider/callback', async (request, reply) => {
      const { provider: id } = parseRequest(params, request.params, 'params')
      try {
        const query = parseRequest(callbackQuery, request.query, 'query')
        const flow = await takeFlow(ctx, request, reply)
        if (flow === undefined) throw new SsoFailure('flow-missing')
        if (flow.provider !== id || query.state !== flow.state) {
          throw new SsoFailure('state-mismatch', { detail: 'state or provider differs' })
        }
        const { provider, clientSecret } = await enabledProvider(ctx, id)
        // The URL the provider redirected to, as registered (PUBLIC_URL, not the Host header).
        const callbackUrl = new URL(redirectUriOf(ctx.config.publicUrl, provider.id))
        callbackUrl.search = new URL(request.url, 'http://x').search
        const claims = await clients.finish(provider, clientSecret, callbackUrl, flow)
        const principal = await personOf(ctx, provider, claims)
        await ctx.sessions.signIn(request, reply, principal, { method: 'oidc' })
        request.log.info({ provider: provider.id, principal: principal.id }, 'single sign-on')
        return reply.redirect(safeNext(flow.next), 303)
      } catch (error) {
        return fail(request, reply, error, id)
      }
    })
  }
}

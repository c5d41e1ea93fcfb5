import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { grantableScopes } from '../../api/scopes.js'
import { renderConsolePage } from '../../console/render.js'
import type { Principal } from '../../console/session.js'
import type { AppContext } from '../../context.js'
import { HttpProblem } from '../../http/problems.js'
import { parseRequest } from '../../http/validate.js'
import type { FieldErrors } from '../../console/form.js'
import { checkForm, EMPTY_FORM, readForm, type TokenForm } from './form.js'
import {
  COPY_SCRIPT_PATH,
  CreatedPage,
  RevokePage,
  TOKENS_PATH,
  TokensPage,
  type TokensPageProps,
} from './pages.js'
import { createToken, revoke, tokenFor, tokensOf } from './service.js'

const idParams = z.strictObject({ id: z.string().min(1).max(64) })
const listQuery = z.object({ revoked: z.string().max(64).optional() })

/** Copies the one-time token value (CSP allows only our own scripts, hence a file). */
const COPY_SCRIPT = `document.addEventListener('click', async (event) => {
  const button = event.target.closest('[data-copy]')
  if (!button) return
  const input = document.getElementById(button.dataset.copy)
  const status = document.getElementById(button.dataset.copy + '-status')
  try {
    await navigator.clipboard.writeText(input.value)
    status.textContent = 'Copied to the clipboard.'
  } catch {
    input.select()
    status.textContent = 'Selected: press Ctrl+C (⌘C on a Mac) to copy.'
  }
})
`

function signedIn(request: FastifyRequest): Principal {
  if (request.principal === undefined) throw new HttpProblem(401, 'no console session')
  return request.principal
}

async function ownerNames(ctx: AppContext, ids: readonly string[]): Promise<Map<string, string>> {
  const names = new Map<string, string>()
  for (const id of new Set(ids)) {
    const person = await ctx.identity.findPerson(id)
    names.set(id, person === undefined ? id : person.name)
  }
  return names
}

async function listPage(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  state: { form: TokenForm; errors: FieldErrors; notice?: string | undefined },
) {
  const who = signedIn(request)
  const props: TokensPageProps = {
    publicUrl: ctx.config.publicUrl,
    grantable: grantableScopes(who.roles),
    form: state.form,
    errors: state.errors,
    notice: state.notice,
    mine: await tokensOf(ctx, who.id),
  }
  if (who.roles.includes('administrator')) {
    const tokens = await tokensOf(ctx)
    const owners = await ownerNames(
      ctx,
      tokens.map((token) => token.ownerId),
    )
    Object.assign(props, { everyone: { tokens, owners } })
  }
  const status = Object.keys(state.errors).length > 0 ? 400 : 200
  return renderConsolePage(ctx, request, reply, {
    title: 'API tokens',
    status,
    body: <TokensPage {...props} />,
  })
}

/** The API tokens pages under the signed-in person's account. */
export async function apiTokenRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  app.get(COPY_SCRIPT_PATH, async (_request, reply) =>
    reply
      .header('content-type', 'text/javascript; charset=utf-8')
      .header('cache-control', 'public, max-age=3600')
      .send(COPY_SCRIPT),
  )

  app.get(TOKENS_PATH, async (request, reply) => {
    const query = parseRequest(listQuery, request.query, 'query')
    const revoked =
      query.revoked === undefined
        ? undefined
        : await tokenFor(ctx, signedIn(request), query.revoked)
    const notice =
      revoked === undefined
        ? undefined
        : `Token “${revoked.name}” was revoked: programs using it are refused from now on.`
    return listPage(ctx, request, reply, { form: EMPTY_FORM, errors: {}, notice })
  })

  app.post(TOKENS_PATH, async (request, reply) => {
    const who = signedIn(request)
    const form = readForm(request.body)
    const checked = checkForm(form, grantableScopes(who.roles), ctx.clock())
    if ('errors' in checked) return listPage(ctx, request, reply, { form, errors: checked.errors })
    const { value, token } = await createToken(ctx, who, checked.token)
    request.log.info(
      { tokenId: token.id, owner: who.id, scopes: token.scopes },
      'API token created',
    )
    return renderConsolePage(ctx, request, reply, {
      title: 'Token created',
      status: 201,
      body: <CreatedPage token={token} value={value} publicUrl={ctx.config.publicUrl} />,
    })
  })

  app.get(`${TOKENS_PATH}/:id/revoke`, async (request, reply) => {
    const { id } = parseRequest(idParams, request.params, 'params')
    const token = await tokenFor(ctx, signedIn(request), id)
    if (token === undefined || token.state === 'revoked')
      throw new HttpProblem(404, `no token ${id}`)
    const owner = (await ownerNames(ctx, [token.ownerId])).get(token.ownerId) ?? token.ownerId
    return renderConsolePage(ctx, request, reply, {
      title: `Revoke ${token.name}`,
      body: <RevokePage token={token} owner={owner} />,
    })
  })

  app.post(`${TOKENS_PATH}/:id/revoke`, async (request, reply) => {
    const { id } = parseRequest(idParams, request.params, 'params')
    const who = signedIn(request)
    if (!(await revoke(ctx, who, id))) throw new HttpProblem(404, `no live token ${id}`)
    request.log.info({ tokenId: id, by: who.id }, 'API token revoked')
    return reply.redirect(`${TOKENS_PATH}?revoked=${encodeURIComponent(id)}`, 303)
  })
}

/**
 * Administrator pages of identity providers: list, add, view, edit, enable/disable and delete
 * (after a confirmation page that says what goes).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import type { AppContext } from '../../context.js'
import { requireRole } from '../../console/guard.js'
import { OPERATORS } from '../../console/access.js'
import { renderConsolePage } from '../../console/render.js'
import { HttpProblem } from '../../http/problems.js'
import { parseRequest } from '../../http/validate.js'
import type { FieldErrors } from '../../console/form.js'
import { DeleteProviderPage, ProviderFormPage, ProviderPage, ProvidersPage } from './admin-pages.js'
import {
  EMPTY_FORM,
  type IdentityProvider,
  type IdentityProviderInput,
  providerFormSchema,
  providerId,
  type ProviderFormValues,
  valuesOfProvider,
} from './model.js'
import { SSO_PATHS } from './paths.js'
import {
  deleteProvider,
  findProvider,
  insertProvider,
  listProviders,
  setProviderEnabled,
  updateProvider,
} from './repository.js'

const params = z.object({ id: z.string().min(1).max(200) })
const NOTICES: Record<string, string> = {
  added: 'Identity provider added.',
  saved: 'Changes saved.',
  enabled: 'Provider enabled: its button is on the sign-in page.',
  disabled: 'Provider disabled: no one can sign in through it until it is enabled again.',
  deleted: 'Identity provider deleted.',
}
const noticeQuery = z.object({ done: z.string().optional() })

/** The form's text fields as posted (anything else ignored), to show again on a refusal. */
function postedValues(body: unknown, id: string): ProviderFormValues {
  const fields = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {}
  const text = (name: string) => (typeof fields[name] === 'string' ? fields[name] : '')
  return {
    id,
    displayName: text('displayName'),
    issuer: text('issuer'),
    clientId: text('clientId'),
    emailClaim: text('emailClaim'),
    requireVerifiedEmail: fields['requireVerifiedEmail'] !== undefined,
    scopes: text('scopes'),
    enabled: fields['enabled'] !== undefined,
  }
}

type Parsed =
  | { readonly ok: true; readonly input: IdentityProviderInput }
  | { readonly ok: false; readonly errors: Record<string, string> }

function parseForm(values: ProviderFormValues, secret: unknown): Parsed {
  const result = providerFormSchema.safeParse({
    ...values,
    clientSecret: typeof secret === 'string' ? secret : '',
  })
  if (result.success) return { ok: true, input: result.data }
  const errors: Record<string, string> = {}
  for (const issue of result.error.issues) {
    const name = String(issue.path[0] ?? '')
    errors[name] ??= issue.message
  }
  return { ok: false, errors }
}

async function loadProvider(ctx: AppContext, request: FastifyRequest): Promise<IdentityProvider> {
  const { id } = parseRequest(params, request.params, 'params')
  const provider = await findProvider(ctx.db, id)
  if (provider === undefined) throw new HttpProblem(404, `no identity provider ${id}`)
  return provider
}

export async function adminRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const admin = { preHandler: requireRole(...OPERATORS) }
  const { publicUrl } = ctx.config

  function renderForm(
    request: FastifyRequest,
    reply: FastifyReply,
    form: {
      mode: 'add' | 'edit'
      values: ProviderFormValues
      errors?: FieldErrors
      secretDropped?: boolean
    },
  ) {
    const refused = form.errors !== undefined && Object.keys(form.errors).length > 0
    return renderConsolePage(ctx, request, reply, {
      title: form.mode === 'add' ? 'Add identity provider' : `Edit ${form.values.displayName}`,
      status: refused ? 400 : 200,
      body: (
        <ProviderFormPage
          mode={form.mode}
          values={form.values}
          errors={form.errors ?? {}}
          publicUrl={publicUrl}
          secretDropped={form.secretDropped ?? false}
        />
      ),
    })
  }

  const secretTyped = (body: unknown) =>
    typeof body === 'object' &&
    body !== null &&
    typeof (body as Record<string, unknown>)['clientSecret'] === 'string' &&
    ((body as Record<string, unknown>)['clientSecret'] as string).trim() !== ''

  app.get(SSO_PATHS.list, admin, async (request, reply) => {
    const { done } = parseRequest(noticeQuery, request.query, 'query')
    return renderConsolePage(ctx, request, reply, {
      title: 'Identity providers',
      body: (
        <ProvidersPage
          providers={await listProviders(ctx.db)}
          publicUrl={publicUrl}
          notice={done === undefined ? undefined : NOTICES[done]}
        />
      ),
    })
  })

  app.get(SSO_PATHS.add, admin, async (request, reply) =>
    renderForm(request, reply, { mode: 'add', values: EMPTY_FORM }),
  )

  app.post(SSO_PATHS.add, admin, async (request, reply) => {
    const body = request.body as Record<string, unknown> | undefined
    const rawId = typeof body?.['id'] === 'string' ? body['id'] : ''
    const values = postedValues(body, rawId)
    const id = providerId.safeParse(rawId)
    const parsed = parseForm(values, body?.['clientSecret'])
    const errors: Record<string, string> = parsed.ok ? {} : { ...parsed.errors }
    if (!id.success) errors['id'] = id.error.issues[0]?.message ?? 'Enter a short name.'
    if (parsed.ok && parsed.input.clientSecret === undefined) {
      errors['clientSecret'] = 'Enter the client secret the provider issued for ltihub.'
    }
    if (Object.keys(errors).length === 0 && parsed.ok && id.success) {
      const secret = parsed.input.clientSecret ?? ''
      const input = { ...parsed.input, clientSecret: secret }
      if (await insertProvider(ctx.db, ctx.cipher, id.data, input, ctx.clock())) {
        request.log.info({ provider: id.data }, 'identity provider added')
        return reply.redirect(`${SSO_PATHS.view(id.data)}?done=added`, 303)
      }
      errors['id'] = `Another provider already uses the short name ${id.data}: choose another.`
    }
    return renderForm(request, reply, {
      mode: 'add',
      values,
      errors,
      secretDropped: secretTyped(body),
    })
  })

  app.get(`${SSO_PATHS.list}/:id`, admin, async (request, reply) => {
    const provider = await loadProvider(ctx, request)
    const { done } = parseRequest(noticeQuery, request.query, 'query')
    return renderConsolePage(ctx, request, reply, {
      title: provider.displayName,
      body: (
        <ProviderPage
          provider={provider}
          publicUrl={publicUrl}
          notice={done === undefined ? undefined : NOTICES[done]}
        />
      ),
    })
  })

  app.get(`${SSO_PATHS.list}/:id/edit`, admin, async (request, reply) => {
    const provider = await loadProvider(ctx, request)
    return renderForm(request, reply, { mode: 'edit', values: valuesOfProvider(provider) })
  })

  app.post(`${SSO_PATHS.list}/:id/edit`, admin, async (request, reply) => {
    const provider = await loadProvider(ctx, request)
    const body = request.body as Record<string, unknown> | undefined
    const values = postedValues(body, provider.id)
    const parsed = parseForm(values, body?.['clientSecret'])
    if (parsed.ok) {
      if (!(await updateProvider(ctx.db, ctx.cipher, provider.id, parsed.input, ctx.clock()))) {
        throw new HttpProblem(404, `identity provider ${provider.id} went away`)
      }
      request.log.info({ provider: provider.id }, 'identity provider changed')
      return reply.redirect(`${SSO_PATHS.view(provider.id)}?done=saved`, 303)
    }
    return renderForm(request, reply, {
      mode: 'edit',
      values,
      errors: parsed.errors,
      secretDropped: secretTyped(body),
    })
  })

  app.post(`${SSO_PATHS.list}/:id/enabled`, admin, async (request, reply) => {
    const provider = await loadProvider(ctx, request)
    const { enabled } = parseRequest(
      z.object({ enabled: z.enum(['true', 'false']) }),
      request.body,
      'body',
    )
    const on = enabled === 'true'
    await setProviderEnabled(ctx.db, provider.id, on, ctx.clock())
    request.log.info({ provider: provider.id, enabled: on }, 'identity provider switched')
    return reply.redirect(`${SSO_PATHS.view(provider.id)}?done=${on ? 'enabled' : 'disabled'}`, 303)
  })

  app.get(`${SSO_PATHS.list}/:id/delete`, admin, async (request, reply) => {
    const provider = await loadProvider(ctx, request)
    return renderConsolePage(ctx, request, reply, {
      title: `Delete ${provider.displayName}?`,
      body: <DeleteProviderPage provider={provider} />,
    })
  })

  app.post(`${SSO_PATHS.list}/:id/delete`, admin, async (request, reply) => {
    const provider = await loadProvider(ctx, request)
    await deleteProvider(ctx.db, provider.id)
    request.log.info({ provider: provider.id }, 'identity provider deleted')
    return reply.redirect(`${SSO_PATHS.list}?done=deleted`, 303)
  })
}

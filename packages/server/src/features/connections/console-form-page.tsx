/**
 * Console handling of the connection form: Save (create or update) and Test Connection (the
 * entered settings, or the stored secret when none is typed), re-rendering the form with the
 * refused fields or the test result.
 */
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { AppContext } from '../../context.js'
import { z } from 'zod'
import { fieldErrorsOf, type FieldErrors } from '../../console/form.js'
import { renderConsolePage } from '../../console/render.js'
import { HttpProblem, RequestValidationError } from '../../http/problems.js'
import { parseRequest } from '../../http/validate.js'
import { conflictsAsProblems } from './conflicts.js'
import { createConnection, updateConnection } from './connection-repository.js'
import { bodyOfForm, connectionFormSchema, type FormValues, valuesOfForm } from './console-form.js'
import { resolveDraft, schoolChoices } from './draft.js'
import type { ConnectionDraft, ConnectionView } from './model.js'
import { connectionPath } from './pages-applications.js'
import { ConnectionFormPage } from './pages-connection.js'
import { connectionBody } from './schema.js'
import type { ConnectionUnderTest } from './layer.js'
import { type ApplicationSummary, issuerOf } from './service.js'
import { createSqlConnectionStore } from './store.js'
import { runConnectionTest, type TestResult } from './test-connection.js'

export interface FormContext {
  readonly app: ApplicationSummary
  readonly title: string
  readonly action: string
  readonly connection?: ConnectionView | undefined
}

/** The form's label of each field the API's paths name (`lti13.loginUrl` → loginUrl). */
const CONNECTION_LABELS = {
  name: 'Name',
  launchUrl: 'Launch URL',
  consumerKey: 'LTI 1.1 key',
  secret: 'LTI 1.1 secret',
  loginUrl: 'Tool login initiation URL',
  redirectUris: 'Redirect URIs',
  jwksUrl: 'Tool JWKS URL',
  publicJwk: "Tool's public key (JWK)",
  customParameters: 'Custom parameters',
  types: 'Connection types',
  schoolIds: 'Enabled schools',
} as const

/** Messages of a refused form by field, in the form's words. */
export function connectionFormErrors(error: RequestValidationError): FieldErrors {
  const issues = error.zodError.issues.map((issue) => {
    const path = issue.path.map(String)
    const nested = path[0] === 'lti11' || path[0] === 'lti13'
    const full = path.join('.')
    const message =
      full !== '' && issue.message.startsWith(full)
        ? issue.message.slice(full.length).replace(/^:?\s+/, '')
        : issue.message
    return { ...issue, message, path: nested ? path.slice(1) : path }
  })
  return fieldErrorsOf(new z.ZodError(issues as z.core.$ZodIssue[]), CONNECTION_LABELS)
}

/** Renders the form page for `values`. */
export async function renderConnectionForm(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  form: FormContext,
  extra: {
    values: FormValues
    errors?: FieldErrors
    test?: TestResult
    saved?: boolean
    status?: number
  },
) {
  const schools = await schoolChoices(ctx.db, form.app.id, form.connection?.id)
  return renderConsolePage(ctx, request, reply, {
    title: form.title,
    status: extra.status ?? 200,
    body: (
      <ConnectionFormPage
        title={form.title}
        app={form.app}
        action={form.action}
        values={extra.values}
        schools={schools}
        connection={form.connection}
        {...(extra.errors === undefined ? {} : { errors: extra.errors })}
        {...(extra.test === undefined ? {} : { test: extra.test })}
        {...(extra.saved === undefined ? {} : { saved: extra.saved })}
      />
    ),
  })
}

/**
 * The settings under test: the draft, with the stored secret when none was typed. A saved
 * connection keeps its client_id and deployment, which Save gives every chosen school.
 */
async function draftUnderTest(
  ctx: AppContext,
  draft: ConnectionDraft,
  connection: ConnectionView | undefined,
): Promise<ConnectionUnderTest> {
  let secret = draft.lti11?.secret
  if (draft.lti11 !== undefined && secret === undefined && connection !== undefined) {
    secret = (await createSqlConnectionStore(ctx.db, ctx.cipher).get(connection.id))?.lti11?.secret
  }
  const lti13 = draft.lti13
  const deploymentId = connection?.lti13?.deploymentIds[0]
  return {
    id: connection?.id ?? 'new',
    schoolIds: draft.schoolIds,
    privacy: { sendEmail: draft.transferEmail, sendName: draft.sendName },
    customParameters: draft.customParameters,
    ...(draft.lti11 === undefined || secret === undefined
      ? {}
      : { lti11: { launchUrl: draft.launchUrl, consumerKey: draft.lti11.consumerKey, secret } }),
    ...(lti13 === undefined
      ? {}
      : {
          lti13: {
            ...(connection?.lti13 === undefined ? {} : { clientId: connection.lti13.clientId }),
            ...(deploymentId === undefined
              ? {}
              : { deployments: [{ deploymentId, schoolIds: draft.schoolIds }] }),
            initiateLoginUri: lti13.loginUrl,
            targetLinkUri: lti13.targetLinkUri ?? draft.launchUrl,
            ...(lti13.jwksUrl === undefined ? {} : { jwksUri: lti13.jwksUrl }),
            ...(lti13.publicJwk === undefined ? {} : { publicJwk: lti13.publicJwk }),
          },
        }),
  }
}

/** POST of the connection form: Save or Test Connection. */
export async function submitConnectionForm(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  form: FormContext,
) {
  const submitted = parseRequest(connectionFormSchema, request.body, 'body')
  const values = valuesOfForm(submitted, form.connection?.lti11?.hasSecret ?? false)
  const { db } = ctx
  const publicUrl = ctx.config.publicUrl
  try {
    const body = parseRequest(connectionBody, bodyOfForm(submitted), 'body')
    const exceptId = form.connection?.id
    const draft = await resolveDraft(db, {
      app: form.app,
      body,
      publicUrl,
      ...(exceptId === undefined ? {} : { exceptId }),
    })
    if (submitted.intent === 'test') {
      const principal = request.principal
      if (principal === undefined) throw new TypeError('the console guard sets the principal')
      const test = await runConnectionTest(
        ctx,
        principal,
        await draftUnderTest(ctx, draft, form.connection),
      )
      return await renderConnectionForm(ctx, request, reply, form, { values, test })
    }
    const issuer = issuerOf(publicUrl)
    const now = ctx.clock()
    const existing = form.connection
    let id: string
    if (existing === undefined) {
      id = await conflictsAsProblems(() =>
        createConnection(db, ctx.cipher, { applicationId: form.app.id, draft, issuer, now }),
      )
    } else {
      const updated = await conflictsAsProblems(() =>
        updateConnection(db, ctx.cipher, { id: existing.id, draft, issuer, now }),
      )
      if (!updated) throw new HttpProblem(404, `no connection ${existing.id}`)
      id = existing.id
    }
    return await reply.redirect(`${connectionPath(id)}?saved=1`, 303)
  } catch (error) {
    if (!(error instanceof RequestValidationError)) throw error
    return renderConnectionForm(ctx, request, reply, form, {
      values,
      errors: connectionFormErrors(error),
      status: 400,
    })
  }
}

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import {
  CONFIRM_ERRORS,
  fieldErrorsOf,
  type FieldErrors,
  isConfirmed,
  noticeFrom,
  postedValues,
  withNotice,
} from '../../console/form.js'
import { TOOL_ADMINISTRATORS } from '../../console/access.js'
import { requireRole } from '../../console/guard.js'
import { renderConsolePage } from '../../console/render.js'
import type { AppContext } from '../../context.js'
import { HttpProblem } from '../../http/problems.js'
import { parseRequest } from '../../http/validate.js'
import { allowsInsecureLoopback } from '../../outbound/index.js'
import {
  acceptsDynamicRegistration,
  pendingRegistrationIds,
} from '../tool-lti/registration-admission.js'
import {
  listDeployments,
  listRegistrations,
  setDeploymentStatus,
  sqlRegistrationStore,
} from '@ltihub/kysely/tool'
import { enabledBody, PLATFORM_LABELS, platformBody, platformEditBody } from './access-form.js'
import { keyRoutes } from './key-routes.js'
import { ACCESS_PATHS } from './paths.js'
import {
  EMPTY_PLATFORM,
  PLATFORM_NOTICES,
  PlatformDeletePage,
  PlatformPage,
  PlatformsPage,
  type PlatformValues,
  platformValuesOf,
} from './platform-pages.js'
import {
  consumerUsage,
  deleteRegistration,
  setRegistrationEnabled,
  updateRegistration,
} from './records.js'
import { dynamicRegistrationRoutes, registrationUrlOf } from './registration-routes.js'

export { ACCESS_PATHS } from './paths.js'

const platformParams = z.object({ id: z.string().min(1).max(200) })
const deploymentBody = z.object({
  registrationId: z.string().min(1).max(200),
  deploymentId: z.string().min(1).max(255),
  status: z.enum(['active', 'disabled']),
})
const FIELDS = Object.keys(EMPTY_PLATFORM) as (keyof typeof EMPTY_PLATFORM)[]

/** LTI 1.1 consumer keys, and LTI 1.3 platform registrations with deployment approval. */
export async function accessRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const admin = { preHandler: requireRole(...TOOL_ADMINISTRATORS) }
  const registrations = sqlRegistrationStore(ctx.db, ctx.clock)
  const allowLoopback = allowsInsecureLoopback(ctx.config)
  const PLATFORM = `${ACCESS_PATHS.platforms}/:id`
  await keyRoutes(app, ctx)

  async function registrationOf(request: FastifyRequest) {
    const { id } = parseRequest(platformParams, request.params, 'params')
    const registration = await registrations.get(id)
    if (registration === undefined) throw new HttpProblem(404, 'no such platform')
    return registration
  }
  const deploymentsOf = async (id: string) =>
    (await listDeployments(ctx.db)).filter((d) => d.registrationId === id)

  async function listPage(
    request: FastifyRequest,
    reply: FastifyReply,
    refused?: { values: PlatformValues; errors: FieldErrors; status: number },
  ) {
    return renderConsolePage(ctx, request, reply, {
      title: 'LTI 1.3 platforms',
      status: refused?.status ?? 200,
      body: (
        <PlatformsPage
          registrations={await listRegistrations(ctx.db)}
          pending={await pendingRegistrationIds(ctx.db)}
          acceptsDynamicRegistration={await acceptsDynamicRegistration(ctx.db)}
          registrationUrl={registrationUrlOf(ctx)}
          values={refused?.values ?? EMPTY_PLATFORM}
          errors={refused?.errors ?? {}}
          notice={refused === undefined ? noticeFrom(request.query, PLATFORM_NOTICES) : undefined}
        />
      ),
    })
  }

  async function platformPage(
    request: FastifyRequest,
    reply: FastifyReply,
    refused?: { values: PlatformValues; errors: FieldErrors },
  ) {
    const registration = await registrationOf(request)
    return renderConsolePage(ctx, request, reply, {
      title: `Platform ${registration.name}`,
      status: refused === undefined ? 200 : 400,
      body: (
        <PlatformPage
          registration={registration}
          deployments={await deploymentsOf(registration.id)}
          values={refused?.values ?? platformValuesOf(registration)}
          errors={refused?.errors ?? {}}
          notice={refused === undefined ? noticeFrom(request.query, PLATFORM_NOTICES) : undefined}
        />
      ),
    })
  }

  app.get(ACCESS_PATHS.platforms, admin, async (request, reply) => listPage(request, reply))

  app.post(ACCESS_PATHS.platforms, admin, async (request, reply) => {
    const values = postedValues(request.body, FIELDS)
    const parsed = platformBody(allowLoopback).safeParse(request.body ?? {})
    if (!parsed.success) {
      const errors = fieldErrorsOf(parsed.error, PLATFORM_LABELS)
      return listPage(request, reply, { values, errors, status: 400 })
    }
    const body = parsed.data
    // Registering by hand never overwrites a platform already registered under the same names.
    if ((await registrations.find(body.issuer, body.clientId)) !== undefined) {
      const errors = {
        clientId:
          'A platform with this issuer and client ID is registered already: edit it instead.',
      }
      return listPage(request, reply, { values, errors, status: 409 })
    }
    const created = await registrations.upsert({
      name: body.name,
      issuer: body.issuer,
      clientId: body.clientId,
      authLoginUrl: body.authLoginUrl,
      authTokenUrl: body.authTokenUrl,
      jwksUrl: body.jwksUrl,
      deploymentPolicy: body.deploymentPolicy,
      lmsIdPrefix: body.lmsId,
      enabled: true,
    })
    return reply.redirect(withNotice(ACCESS_PATHS.platform(created.id), 'registered'), 303)
  })

  app.get(PLATFORM, admin, async (request, reply) => platformPage(request, reply))

  app.post(PLATFORM, admin, async (request, reply) => {
    const registration = await registrationOf(request)
    const parsed = platformEditBody(allowLoopback).safeParse(request.body ?? {})
    if (!parsed.success) {
      const values = {
        ...postedValues(request.body, FIELDS),
        issuer: registration.issuer,
        clientId: registration.clientId,
      }
      return platformPage(request, reply, {
        values,
        errors: fieldErrorsOf(parsed.error, PLATFORM_LABELS),
      })
    }
    const { lmsId, ...change } = parsed.data
    await updateRegistration(
      ctx.db,
      registration.id,
      { ...change, lmsIdPrefix: lmsId },
      ctx.clock(),
    )
    return reply.redirect(withNotice(ACCESS_PATHS.platform(registration.id), 'saved'), 303)
  })

  app.post(`${PLATFORM}/enabled`, admin, async (request, reply) => {
    const registration = await registrationOf(request)
    const { enabled } = parseRequest(enabledBody, request.body, 'body')
    await setRegistrationEnabled(ctx.db, registration.id, enabled === 'on', ctx.clock())
    const notice = enabled === 'on' ? 'enabled' : 'disabled'
    return reply.redirect(withNotice(ACCESS_PATHS.platform(registration.id), notice), 303)
  })

  async function deletePage(request: FastifyRequest, reply: FastifyReply, errors: FieldErrors) {
    const registration = await registrationOf(request)
    return renderConsolePage(ctx, request, reply, {
      title: `Delete platform ${registration.name}`,
      status: Object.keys(errors).length === 0 ? 200 : 400,
      body: (
        <PlatformDeletePage
          registration={registration}
          deployments={await deploymentsOf(registration.id)}
          usage={await consumerUsage(ctx.db, { kind: 'lti13', registrationId: registration.id })}
          errors={errors}
        />
      ),
    })
  }

  app.get(`${PLATFORM}/delete`, admin, async (request, reply) => deletePage(request, reply, {}))

  app.post(`${PLATFORM}/delete`, admin, async (request, reply) => {
    const registration = await registrationOf(request)
    if (!isConfirmed(request.body)) return deletePage(request, reply, CONFIRM_ERRORS)
    await deleteRegistration(ctx.db, registration.id)
    return reply.redirect(withNotice(ACCESS_PATHS.platforms, 'deleted'), 303)
  })

  app.post(ACCESS_PATHS.deployments, admin, async (request, reply) => {
    const body = parseRequest(deploymentBody, request.body, 'body')
    if (!(await setDeploymentStatus(ctx.db, body.registrationId, body.deploymentId, body.status))) {
      throw new HttpProblem(404, 'no such deployment')
    }
    const notice = body.status === 'active' ? 'approved' : 'revoked'
    return reply.redirect(withNotice(ACCESS_PATHS.platform(body.registrationId), notice), 303)
  })
  await dynamicRegistrationRoutes(app, ctx, ACCESS_PATHS.platforms)
}

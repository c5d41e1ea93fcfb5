/**
 * The "Dynamic Registration" part of Tool → LTI 1.3 platforms: the administrator's switch
 * "Accept Dynamic Registration", how many registrations wait against the cap, and discarding a
 * registration that waits (so a full page can be emptied without touching the database).
 */
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { withNotice } from '../../console/form.js'
import { requireRole } from '../../console/guard.js'
import { TOOL_ADMINISTRATORS } from '../../console/access.js'
import type { AppContext } from '../../context.js'
import { HttpProblem } from '../../http/problems.js'
import { parseRequest } from '../../http/validate.js'
import {
  discardPendingRegistration,
  MAX_PENDING_REGISTRATIONS,
  setAcceptsDynamicRegistration,
} from '../tool-lti/registration-admission.js'
import { ltiToolOf } from '../tool-lti/tool.js'

const settingBody = z.object({ accept: z.literal('on').optional() })
const discardBody = z.object({ registrationId: z.string().min(1).max(200) })

export const DYNAMIC_REGISTRATION_PATHS = {
  setting: '/console/tool/platforms/dynamic-registration',
  discard: '/console/tool/platforms/discard',
} as const

export function DynamicRegistrationSection(props: {
  accepts: boolean
  pending: number
  registrationUrl: string
}) {
  return (
    <section data-testid="dynamic-registration">
      <h2>Dynamic Registration</h2>
      <p>
        A platform's administrator registers this tool by giving the platform the registration URL{' '}
        <code>{props.registrationUrl}</code>. Anyone can open that page, so every platform it
        registers waits for your approval of its deployments, and it registers no new platform while{' '}
        {MAX_PENDING_REGISTRATIONS} wait.
      </p>
      <p data-testid="pending-registrations">
        Waiting for approval: {props.pending} of at most {MAX_PENDING_REGISTRATIONS}.
      </p>
      <form method="post" action={DYNAMIC_REGISTRATION_PATHS.setting} class="stack">
        <label>
          <input type="checkbox" name="accept" checked={props.accepts} /> Accept Dynamic
          Registration
        </label>
        <button type="submit">Save</button>
      </form>
    </section>
  )
}

/** The switch and the discard button; both answer with the platforms page. */
export async function dynamicRegistrationRoutes(
  app: FastifyInstance,
  ctx: AppContext,
  platformsPath: string,
): Promise<void> {
  const admin = { preHandler: requireRole(...TOOL_ADMINISTRATORS) }

  app.post(DYNAMIC_REGISTRATION_PATHS.setting, admin, async (request, reply) => {
    const body = parseRequest(settingBody, request.body ?? {}, 'body')
    await setAcceptsDynamicRegistration(ctx.db, body.accept === 'on', ctx.clock())
    return reply.redirect(withNotice(platformsPath, 'dynamic-registration'), 303)
  })

  app.post(DYNAMIC_REGISTRATION_PATHS.discard, admin, async (request, reply) => {
    const body = parseRequest(discardBody, request.body, 'body')
    if (!(await discardPendingRegistration(ctx.db, body.registrationId))) {
      throw new HttpProblem(409, 'no registration with this id waits for approval')
    }
    return reply.redirect(withNotice(platformsPath, 'discarded'), 303)
  })
}

/** The URL platforms are given for Dynamic Registration. */
export const registrationUrlOf = (ctx: AppContext): string => ltiToolOf(ctx).urls.register

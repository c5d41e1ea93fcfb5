/**
 * LTI 1.1 launches: a `basic-lti-launch-request` form signed with the connection's consumer key
 * and secret (OAuth 1.0a HMAC-SHA1), posted by the browser to the tool's launch URL.
 * @see https://www.imsglobal.org/specs/ltiv1p1/implementation-guide
 */
import type { PlatformDeps } from '../config.js'
import { requireLti11 } from '../internal/access.js'
import {
  buildLti11Launch,
  type Lti11FormPost,
  MESSAGE_TYPE,
  renderAutoSubmitForm,
} from '../internal/core.js'
import type { LaunchTarget, PresentationTarget } from '../ports.js'
import { passbackEligible } from './message.js'
import { type LaunchPlan, resolveLaunchPlan } from './resolve.js'
import { lti11Roles, lti13Roles } from './roles.js'
import { customParametersFor } from './substitution.js'

/** What the LMS asks for when a user opens an LTI 1.1 tool. */
export interface Lti11LaunchInput {
  readonly userId: string
  readonly target: LaunchTarget
  readonly presentation: PresentationTarget
  readonly returnUrl?: string
}

/** A signed launch form: post `fields` to `url` from the browser. */
export type Lti11LaunchForm = Lti11FormPost

type Params = Record<string, string | undefined>

function userParams(plan: LaunchPlan): Params {
  const { user, connection } = plan
  const params: Params = {
    user_id: user.lti11UserId ?? user.id,
    roles: lti11Roles(user, plan.role),
    lis_person_sourcedid: user.sourcedId,
    launch_presentation_locale: user.locale,
  }
  if (plan.role.part === 'mentor') params.role_scope_mentor = plan.role.menteeIds.join(',')
  if (connection.privacy.sendName) {
    params.lis_person_name_given = user.givenName
    params.lis_person_name_family = user.familyName
    params.lis_person_name_full = user.fullName
    params.user_image = user.pictureUrl
  }
  if (connection.privacy.sendEmail) params.lis_person_contact_email_primary = user.email
  return params
}

function contextParams(plan: LaunchPlan): Params {
  const { context, resourceLink } = plan
  return {
    resource_link_id: resourceLink?.id,
    resource_link_title: resourceLink?.title,
    resource_link_description: resourceLink?.description,
    context_id: context?.id,
    context_type: context === undefined ? undefined : 'CourseSection',
    context_title: context?.title,
    context_label: context?.label,
    lis_course_offering_sourcedid: context?.courseSourcedId,
    lis_course_section_sourcedid: context?.sectionSourcedId,
  }
}

function platformParams(deps: PlatformDeps): Params {
  const { instance } = deps.settings
  return {
    tool_consumer_info_product_family_code: instance.productFamilyCode,
    tool_consumer_info_version: instance.version,
    tool_consumer_instance_guid: instance.guid,
    tool_consumer_instance_name: instance.name,
    tool_consumer_instance_description: instance.description,
    tool_consumer_instance_url: instance.url,
    tool_consumer_instance_contact_email: instance.contactEmail,
  }
}

/**
 * Basic Outcomes parameters: only with SCORE PASSBACK on, for a learner, on a link aligned with a
 * points assignment ("present only when grading is possible").
 */
async function outcomeParams(deps: PlatformDeps, plan: LaunchPlan): Promise<Params> {
  const link = plan.resourceLink
  if (
    plan.role.part !== 'student' ||
    link === undefined ||
    !passbackEligible(plan, MESSAGE_TYPE.resourceLink)
  ) {
    return {}
  }
  const sourcedId = await deps.sourcedIds.issue({
    connectionId: plan.connection.id,
    resourceLinkId: link.id,
    userId: plan.user.id,
  })
  return {
    lis_outcome_service_url: deps.settings.endpoints.outcomes,
    lis_result_sourcedid: sourcedId,
  }
}

/**
 * Builds the signed LTI 1.1 launch of a placed link or Learning Tools entry, with the same
 * checks as an LTI 1.3 launch. Names and email follow the privacy settings; custom parameters
 * are substituted and sent as `custom_<normalised name>`.
 *
 * @throws PlatformError LOGIN_REQUIRED, NOT_FOUND, CONNECTION_UNAVAILABLE (also without an LTI
 *   1.1 key), LAUNCH_DENIED
 * @example
 * const form = await buildLti11LaunchForm(deps, { userId, target, presentation: 'window' })
 * return lti11LaunchResponse(form)
 * @see https://www.imsglobal.org/specs/ltiv1p1/implementation-guide
 */
export async function buildLti11LaunchForm(
  deps: PlatformDeps,
  input: Lti11LaunchInput,
): Promise<Lti11LaunchForm> {
  const plan = await resolveLaunchPlan(deps, input.userId, input.target)
  const credentials = requireLti11(plan.connection)
  const all: Params = {
    ...userParams(plan),
    ...contextParams(plan),
    ...platformParams(deps),
    ...(await outcomeParams(deps, plan)),
    launch_presentation_document_target: input.presentation,
    launch_presentation_return_url: input.returnUrl,
  }
  const params = Object.entries(all).filter(
    (entry): entry is [string, string] => entry[1] !== undefined,
  )
  const custom = customParametersFor(deps.settings, plan, {
    presentation: input.presentation,
    roles: lti13Roles(plan.user, plan.role),
    ...(input.returnUrl === undefined ? {} : { returnUrl: input.returnUrl }),
  })
  return buildLti11Launch({
    launchUrl: credentials.launchUrl,
    consumerKey: credentials.consumerKey,
    secret: credentials.secret,
    params,
    custom,
    clock: deps.clock,
  })
}

/** The auto-submitting HTML page that posts a signed LTI 1.1 form (never cached). */
export function lti11LaunchResponse(
  form: Lti11LaunchForm,
  options: { readonly cspNonce?: string } = {},
): Response {
  return new Response(renderAutoSubmitForm(form.url, form.fields, options), {
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
      'x-content-type-options': 'nosniff',
    },
  })
}

import type { LaunchView } from '../internal/core.js'
import { compact } from '../internal/objects.js'
import type { ToolRuntime } from '../internal/runtime.js'
import type { GradeTarget, PlatformRegistration } from '../records.js'
import { externalIdInPath } from '../urls.js'
import { type FinishedLaunch, finishLaunch } from './finish.js'
import { withReturnUrl } from './return-url.js'

/** The AGS line item of this launch's user, when the platform gave one. */
function gradeTargetOf(
  registration: PlatformRegistration,
  view: LaunchView,
): GradeTarget | undefined {
  const lineItemUrl = view.ags?.lineItemUrl
  if (lineItemUrl === undefined || view.user === undefined) return undefined
  return {
    kind: 'ags',
    registrationId: registration.id,
    deploymentId: view.deploymentId,
    lineItemUrl,
    userId: view.user.id,
  }
}

/**
 * The end of a verified `LtiResourceLinkRequest`: the course is chosen by the custom parameter
 * `course` (or `publication`), or by the external ID in the target link URI's path; the learner's
 * external ID is the registration's LMS ID prefix and `sub`.
 */
export function finishLti13ResourceLaunch(
  runtime: ToolRuntime,
  registration: PlatformRegistration,
  view: LaunchView,
): Promise<FinishedLaunch> {
  const user = view.user
  const context = view.context
  return withReturnUrl(view.launchPresentation?.returnUrl, () =>
    finishLaunch(runtime, {
      ltiVersion: '1.3',
      platform: {
        kind: 'lti13',
        registrationId: registration.id,
        issuer: registration.issuer,
        clientId: registration.clientId,
        deploymentId: view.deploymentId,
      },
      consumer: {
        kind: 'lti13',
        registrationId: registration.id,
        lmsIdPrefix: registration.lmsIdPrefix,
      },
      target: compact({
        custom: view.custom,
        pathExternalId:
          view.targetLinkUri === undefined
            ? undefined
            : externalIdInPath(runtime.urls, view.targetLinkUri),
      }),
      userId: user?.id,
      profile: compact({
        givenName: user?.givenName,
        familyName: user?.familyName,
        email: user?.email,
      }),
      roles: view.roles,
      ...compact({
        context:
          context === undefined
            ? undefined
            : compact({ id: context.id, title: context.title, label: context.label }),
        resourceLink:
          view.resourceLink === undefined
            ? undefined
            : compact({ id: view.resourceLink.id, title: view.resourceLink.title }),
        gradeTarget: gradeTargetOf(registration, view),
        ags:
          view.ags === undefined
            ? undefined
            : compact({
                scopes: view.ags.scopes,
                lineItemUrl: view.ags.lineItemUrl,
                lineItemsUrl: view.ags.lineItemsUrl,
              }),
        nrps:
          view.nrps === undefined
            ? undefined
            : { contextMembershipsUrl: view.nrps.contextMembershipsUrl },
        returnUrl: view.launchPresentation?.returnUrl,
        locale: view.launchPresentation?.locale ?? user?.locale,
      }),
    }),
  )
}

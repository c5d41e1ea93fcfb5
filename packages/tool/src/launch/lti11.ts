import { type Lti11Launch, verifyLti11Launch } from '../internal/core.js'
import { compact } from '../internal/objects.js'
import type { ToolRuntime } from '../internal/runtime.js'
import type { ConsumerKey, GradeTarget } from '../records.js'
import { externalIdInPath } from '../urls.js'
import { type FinishedLaunch, finishLaunch } from './finish.js'
import { withReturnUrl } from './return-url.js'

/**
 * The URL the platform signed: the tool's public origin with the request's path and query. Behind
 * a TLS-terminating proxy `request.url` says http and an internal host, which would never verify
 * (lti-notes §16.3 step 4).
 */
export function publicRequestUrl(runtime: ToolRuntime, request: Request): string {
  const url = new URL(request.url)
  return new URL(`${url.pathname}${url.search}`, runtime.urls.origin).href
}

function gradeTargetOf(launch: Lti11Launch, consumerKey: string): GradeTarget | undefined {
  const service = launch.outcomeService
  if (service?.resultSourcedId === undefined) return undefined
  return {
    kind: 'lti11-outcome',
    consumerKey,
    serviceUrl: service.url,
    sourcedId: service.resultSourcedId,
  }
}

/**
 * An LTI 1.1 `basic-lti-launch-request` (lti-notes §16): core verifies the form, the OAuth 1.0a
 * signature with the consumer key's secret over the public URL, the ±300 s timestamp window and the
 * single-use nonce; then the course is chosen by the custom parameter `course` or the external ID in
 * the URL path (seed 001) and the learner is provisioned with external ID = LMS ID prefix + user_id.
 * A refusal after verification offers the way back to the platform.
 *
 * @see https://www.imsglobal.org/specs/ltiv1p1/implementation-guide
 */
export async function handleLti11Launch(
  request: Request,
  runtime: ToolRuntime,
): Promise<FinishedLaunch> {
  const { ports } = runtime
  let consumer: ConsumerKey | undefined
  const launch = await verifyLti11Launch(request, {
    url: publicRequestUrl(runtime, request),
    nonceStore: ports.nonces,
    clock: runtime.clock,
    lookupConsumerSecret: async (key) => {
      consumer = await ports.consumerKeys.find(key)
      // A disabled key reads as unknown: the launch fails the same way, without saying why.
      return consumer?.enabled === true ? consumer.secret : undefined
    },
  })
  if (consumer === undefined) throw new TypeError('lookupConsumerSecret was not consulted')
  const key = consumer
  return withReturnUrl(launch.launchPresentation.returnUrl, () =>
    finishLaunch(runtime, {
      ltiVersion: '1.1',
      platform: { kind: 'lti11', consumerKey: key.key, name: key.name },
      consumer: { kind: 'lti11', consumerKey: key.key, lmsIdPrefix: key.lmsIdPrefix },
      target: compact({
        custom: launch.custom,
        pathExternalId: externalIdInPath(runtime.urls, request.url),
      }),
      userId: launch.user.id,
      profile: compact({
        givenName: launch.user.givenName,
        familyName: launch.user.familyName,
        email: launch.user.email,
      }),
      roles: launch.user.roles,
      ...compact({
        context:
          launch.context === undefined
            ? undefined
            : compact({
                id: launch.context.id,
                title: launch.context.title,
                label: launch.context.label,
              }),
        resourceLink: compact({ id: launch.resourceLink.id, title: launch.resourceLink.title }),
        gradeTarget: gradeTargetOf(launch, key.key),
        returnUrl: launch.launchPresentation.returnUrl,
        locale: launch.launchPresentation.locale,
      }),
    }),
  )
}

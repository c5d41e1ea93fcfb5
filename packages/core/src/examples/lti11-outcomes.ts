/**
 * Example: LTI 1.1. The platform signs a launch (OAuth 1.0a HMAC-SHA1 form post) and the tool
 * verifies it; then the tool sends a Basic Outcomes `replaceResult`, signed with `oauth_body_hash`,
 * and the platform's outcome endpoint stores the grade.
 */
import {
  buildLti11Launch,
  buildOutcomeRequest,
  handleOutcomeRequest,
  MemoryNonceStore,
  processOutcomeResponse,
  verifyLti11Launch,
} from '../index.js'

const CONSUMER_KEY = 'course-7-key'
const SECRET = 'a-long-random-shared-secret-from-the-registration'
const lookupConsumerSecret = async (key: string) => (key === CONSUMER_KEY ? SECRET : undefined)

export async function main() {
  // Platform: the signed launch form the browser auto-submits to the tool.
  const form = await buildLti11Launch({
    launchUrl: 'https://tool.example/lti11/launch',
    consumerKey: CONSUMER_KEY,
    secret: SECRET,
    params: {
      resource_link_id: 'link-42',
      user_id: 'user-7',
      roles: 'Learner',
      lis_outcome_service_url: 'https://lms.example/lti11/outcomes',
      lis_result_sourcedid: 'course-7:link-42:user-7',
    },
  })

  // Tool: verify signature, timestamp and nonce, then read the typed view.
  const launch = await verifyLti11Launch(
    new Request(form.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form.fields),
    }),
    { lookupConsumerSecret, nonceStore: new MemoryNonceStore() },
  )
  const service = launch.outcomeService
  if (service?.resultSourcedId === undefined) throw new Error('the launch has no outcome service')

  // Platform: the Basic Outcomes endpoint and its gradebook.
  const gradebook = new Map<string, number>()
  const platformNonces = new MemoryNonceStore()
  const outcomeEndpoint = (request: Request) =>
    handleOutcomeRequest(request, {
      lookupConsumerSecret,
      nonceStore: platformNonces,
      handlers: {
        replaceResult: async ({ sourcedId, score }) => void gradebook.set(sourcedId, score),
        readResult: async ({ sourcedId }) => gradebook.get(sourcedId) ?? null,
        deleteResult: async ({ sourcedId }) => void gradebook.delete(sourcedId),
      },
    })

  // Tool: replaceResult, then readResult to confirm.
  const replace = await buildOutcomeRequest({
    serviceUrl: service.url,
    consumerKey: launch.consumerKey,
    secret: SECRET,
    operation: { operation: 'replaceResult', sourcedId: service.resultSourcedId, score: 0.92 },
  })
  const replaced = await processOutcomeResponse(await outcomeEndpoint(replace.clone()))
  const read = await processOutcomeResponse(
    await outcomeEndpoint(
      await buildOutcomeRequest({
        serviceUrl: service.url,
        consumerKey: launch.consumerKey,
        secret: SECRET,
        operation: { operation: 'readResult', sourcedId: service.resultSourcedId },
      }),
    ),
  )

  // The same signed request sent again reuses its oauth_nonce: the platform refuses the replay.
  const replayed = await outcomeEndpoint(replace)

  // A score outside [0, 1] is the caller's bug: a TypeError before anything is sent.
  const outOfRange = await buildOutcomeRequest({
    serviceUrl: service.url,
    consumerKey: launch.consumerKey,
    secret: SECRET,
    operation: { operation: 'replaceResult', sourcedId: service.resultSourcedId, score: 1.5 },
  }).catch((error: unknown) => error)

  return {
    userId: launch.user.id,
    resourceLinkId: launch.resourceLink.id,
    replaced: replaced.codeMajor,
    readScore: read.score,
    replayStatus: replayed.status,
    replayCodeMajor: (await processOutcomeResponse(replayed)).codeMajor,
    outOfRangeRefused: outOfRange instanceof TypeError,
  }
}

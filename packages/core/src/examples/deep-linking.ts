/**
 * Example: Deep Linking 2.0. The platform puts deep linking settings in its request; the tool
 * answers with a signed `LtiDeepLinkingResponse` carrying a resource link with a line item; the
 * platform verifies the response against its settings and refuses a replay.
 */
import {
  buildDeepLinkingResponse,
  buildDeepLinkingSettings,
  createKeyRing,
  deepLinkingResponseForm,
  generateSigningKey,
  isLtiError,
  localKeyResolver,
  MemoryNonceStore,
  publicJwks,
  signingKeyOf,
  verifyDeepLinkingResponse,
} from '../index.js'

const PLATFORM_ISSUER = 'https://lms.example'
const CLIENT_ID = 'tool-client-1'
const DEPLOYMENT_ID = 'deployment-1'

export async function main() {
  const toolKeys = createKeyRing({ current: await generateSigningKey() })

  // Platform: the settings claim of its LtiDeepLinkingRequest (sent in a launch, see lti13-launch).
  const settings = buildDeepLinkingSettings({
    deepLinkReturnUrl: 'https://lms.example/lti/deep-linking/return',
    acceptTypes: ['ltiResourceLink'],
    acceptPresentationDocumentTargets: ['iframe', 'window'],
    acceptLineItem: true,
    data: 'dl-session-5d1f',
  })

  // Tool: the user picked a quiz; sign the response and return the browser to the platform.
  const jwt = await buildDeepLinkingResponse({
    signingKey: signingKeyOf(toolKeys),
    clientId: CLIENT_ID,
    platformIssuer: PLATFORM_ISSUER,
    deploymentId: DEPLOYMENT_ID,
    data: settings.data,
    contentItems: [
      {
        type: 'ltiResourceLink',
        title: 'Quiz 1',
        url: 'https://tool.example/quizzes/1',
        lineItem: { scoreMaximum: 10, label: 'Quiz 1' },
      },
    ],
  })
  const page = deepLinkingResponseForm(settings.deep_link_return_url, jwt)

  // Platform: verify the posted `JWT` with the tool's public keys and the settings it sent.
  const options = {
    keys: localKeyResolver(publicJwks(toolKeys)),
    clientId: CLIENT_ID,
    platformIssuer: PLATFORM_ISSUER,
    deploymentId: DEPLOYMENT_ID,
    settings,
    nonceStore: new MemoryNonceStore(),
  }
  const response = await verifyDeepLinkingResponse(jwt, options)
  const replay = await verifyDeepLinkingResponse(jwt, options).catch((error: unknown) => error)

  return {
    pageStatus: page.status,
    items: response.items.map((item) => ({ type: item.type, title: item.title })),
    data: response.data,
    replayCode: isLtiError(replay) ? replay.code : undefined,
  }
}

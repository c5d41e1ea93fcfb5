/**
 * Example: an LTI 1.3 resource link launch, platform and tool in one process, talking only through
 * web `Request`s as a browser would carry them. Production settings throughout: https URLs, RS256,
 * a single-use nonce and a browser-bound `state`.
 */
import {
  assertStateMatches,
  buildAuthenticationRequest,
  buildAuthenticationResponse,
  buildIdToken,
  buildLoginInitiation,
  CLAIM,
  createKeyRing,
  createLoginState,
  generateSigningKey,
  isLtiError,
  launchView,
  localKeyResolver,
  MemoryNonceStore,
  MESSAGE_TYPE,
  parseAuthenticationRequest,
  parseAuthenticationResponse,
  parseLoginInitiation,
  publicJwks,
  signingKeyOf,
  verifyIdToken,
} from '../index.js'

const PLATFORM = { issuer: 'https://lms.example', authUrl: 'https://lms.example/lti/auth' }
const TOOL = {
  clientId: 'tool-client-1',
  deploymentId: 'deployment-1',
  loginUrl: 'https://tool.example/lti/login',
  launchUrl: 'https://tool.example/lti/launch',
}

export async function main() {
  // The platform's keys; `jwks` is what its key set URL serves to the tool.
  const platformKeys = createKeyRing({ current: await generateSigningKey() })
  const jwks = publicJwks(platformKeys)
  const nonceStore = new MemoryNonceStore()

  // 1. Platform -> tool: third-party-initiated login (the GET form of it).
  const initiation = buildLoginInitiation({
    toolLoginUrl: TOOL.loginUrl,
    issuer: PLATFORM.issuer,
    loginHint: 'user-7',
    targetLinkUri: 'https://tool.example/activities/42',
    ltiMessageHint: 'link-42',
    clientId: TOOL.clientId,
    deploymentId: TOOL.deploymentId,
  })
  const login = await parseLoginInitiation(new Request(initiation.url))

  // 2. Tool -> platform: the authentication request. `session` goes into a cookie.
  const session = createLoginState()
  const authUrl = buildAuthenticationRequest({
    authLoginUrl: PLATFORM.authUrl,
    clientId: TOOL.clientId,
    redirectUri: TOOL.launchUrl,
    loginHint: login.loginHint,
    ...(login.ltiMessageHint === undefined ? {} : { ltiMessageHint: login.ltiMessageHint }),
    ...session,
  })
  const auth = await parseAuthenticationRequest(new Request(authUrl), {
    lookupClient: (id) => (id === TOOL.clientId ? { redirectUris: [TOOL.launchUrl] } : undefined),
  })

  // 3. Platform -> tool: the signed id_token in an auto-submitting form.
  const idToken = await buildIdToken({
    signingKey: signingKeyOf(platformKeys),
    issuer: PLATFORM.issuer,
    clientId: auth.clientId,
    deploymentId: TOOL.deploymentId,
    nonce: auth.nonce,
    subject: auth.loginHint,
    message: {
      [CLAIM.messageType]: MESSAGE_TYPE.resourceLink,
      [CLAIM.targetLinkUri]: login.targetLinkUri,
      [CLAIM.resourceLink]: { id: auth.ltiMessageHint ?? '', title: 'Week 1 quiz' },
      [CLAIM.roles]: ['http://purl.imsglobal.org/vocab/lis/v2/membership#Learner'],
    },
  })
  const page = buildAuthenticationResponse({
    redirectUri: auth.redirectUri,
    state: auth.state,
    idToken,
  })
  // The browser submits the page's form: `id_token` and `state`, posted to the redirect URI.
  const posted = new Request(auth.redirectUri, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ id_token: idToken, state: auth.state }),
  })

  // 4. Tool: state first (CSRF), then every check on the id_token.
  const response = await parseAuthenticationResponse(posted)
  assertStateMatches(response.state, session.state)
  const options = {
    keys: localKeyResolver(jwks),
    issuer: login.issuer,
    clientId: TOOL.clientId,
    nonceStore,
    expectedNonce: session.nonce,
    expectedTargetLinkUri: login.targetLinkUri,
    isDeploymentAccepted: (id: string) => id === TOOL.deploymentId,
  }
  const { message, checks } = await verifyIdToken(response.idToken, options)
  const launch = launchView(message)

  // The same id_token a second time is a replay: its nonce was consumed.
  const replay = await verifyIdToken(response.idToken, options).catch((error: unknown) => error)

  return {
    pageStatus: page.status,
    userId: launch.user?.id,
    resourceLinkId: launch.resourceLink?.id,
    roles: launch.roles,
    checks,
    replayCode: isLtiError(replay) ? replay.code : undefined,
  }
}

import { describe, expect, it } from 'vitest'
import { CLAIM, MESSAGE_TYPE } from '../claims/uris.js'
import { launchView } from '../claims/view.js'
import { isLtiError } from '../errors/index.js'
import {
  AuthenticationRequestError,
  authenticationErrorResponse,
  assertStateMatches,
  buildAuthenticationRequest,
  buildAuthenticationResponse,
  buildLoginInitiation,
  createLoginState,
  parseAuthenticationRequest,
  parseAuthenticationResponse,
  parseLoginInitiation,
} from '../oidc-login/index.js'
import { formAction, formFields } from '../oidc-login/test-support.js'
import { MemoryNonceStore } from '../ports.js'
import { buildIdToken } from './platform.js'
import { clock, createTestPlatform } from './test-support.js'
import { verifyIdToken } from './tool.js'

/**
 * The whole LTI 1.3 launch in memory, platform and tool talking only through web Request and
 * Response objects: login initiation, authentication request, id_token form post, verification.
 */
const PLATFORM = { issuer: 'https://lms.example', authUrl: 'https://lms.example/oidc/auth' }
const TOOL = {
  clientId: 'tool-client-1',
  loginUrl: 'https://tool.example/lti/login',
  redirectUri: 'https://tool.example/lti/launch',
  deploymentId: 'deployment-1',
}

async function runLaunch(options: { tamperState?: boolean; loginHintOf?: string } = {}) {
  const platform = await createTestPlatform()
  const nonceStore = new MemoryNonceStore(clock)

  // 1. Platform -> browser -> tool: login initiation (the platform chose the POST form).
  const initiation = buildLoginInitiation({
    toolLoginUrl: TOOL.loginUrl,
    issuer: PLATFORM.issuer,
    loginHint: 'user-7',
    targetLinkUri: 'https://tool.example/activities/1',
    ltiMessageHint: 'link-1',
    clientId: TOOL.clientId,
    deploymentId: TOOL.deploymentId,
  })
  const login = await parseLoginInitiation(
    new Request(initiation.action, {
      method: 'POST',
      body: new URLSearchParams(initiation.fields),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    }),
  )

  // 2. Tool -> browser -> platform: authentication request; the tool binds state and nonce.
  const bound = createLoginState()
  const authUrl = buildAuthenticationRequest({
    authLoginUrl: PLATFORM.authUrl,
    clientId: login.clientId ?? '',
    redirectUri: TOOL.redirectUri,
    loginHint: login.loginHint,
    ...(login.ltiMessageHint === undefined ? {} : { ltiMessageHint: login.ltiMessageHint }),
    ...bound,
  })
  const auth = await parseAuthenticationRequest(new Request(authUrl), {
    lookupClient: (id) => (id === TOOL.clientId ? { redirectUris: [TOOL.redirectUri] } : undefined),
  })
  expect(auth.ltiMessageHint).toBe('link-1')

  // 3. Platform -> browser -> tool: the auto-posted id_token (or an error when the user differs).
  const page =
    auth.loginHint === (options.loginHintOf ?? 'user-7')
      ? buildAuthenticationResponse({
          redirectUri: auth.redirectUri,
          state: auth.state,
          idToken: await buildIdToken({
            signingKey: platform.signingKey,
            issuer: PLATFORM.issuer,
            clientId: auth.clientId,
            deploymentId: TOOL.deploymentId,
            nonce: auth.nonce,
            subject: auth.loginHint,
            clock,
            message: {
              [CLAIM.messageType]: MESSAGE_TYPE.resourceLink,
              [CLAIM.targetLinkUri]: login.targetLinkUri,
              [CLAIM.resourceLink]: { id: auth.ltiMessageHint ?? '' },
              [CLAIM.roles]: ['http://purl.imsglobal.org/vocab/lis/v2/membership#Learner'],
            },
          }),
        })
      : authenticationErrorResponse({
          redirectUri: auth.redirectUri,
          error: 'login_required',
          state: auth.state,
        })
  const html = await page.text()
  const posted = new Request(formAction(html) ?? '', {
    method: 'POST',
    body: new URLSearchParams(formFields(html)),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  })

  // 4. Tool: state, then the id_token.
  const response = await parseAuthenticationResponse(posted)
  assertStateMatches(response.state, options.tamperState ? 'another-browser' : bound.state)
  return verifyIdToken(response.idToken, {
    keys: platform.keys,
    issuer: login.issuer,
    clientId: TOOL.clientId,
    nonceStore,
    expectedNonce: bound.nonce,
    expectedTargetLinkUri: login.targetLinkUri,
    isDeploymentAccepted: (id) => id === TOOL.deploymentId,
    clock,
  })
}

describe('in-memory platform <-> tool launch flow', () => {
  it('completes a resource link launch through Request/Response only', async () => {
    const { message } = await runLaunch()
    const view = launchView(message)
    expect(view.user?.id).toBe('user-7')
    expect(view.resourceLink?.id).toBe('link-1')
    expect(view.targetLinkUri).toBe('https://tool.example/activities/1')
  })

  it('fails with ERR_LTI_STATE_MISMATCH when the state is not the browser-bound one', async () => {
    await expect(runLaunch({ tamperState: true })).rejects.toMatchObject({
      code: 'ERR_LTI_STATE_MISMATCH',
    })
  })

  it('reports a platform refusal (login_required) as ERR_LTI_PLATFORM_ERROR, not a crash', async () => {
    const error: unknown = await runLaunch({ loginHintOf: 'someone-else' }).catch(
      (caught: unknown) => caught,
    )
    expect(isLtiError(error, 'ERR_LTI_PLATFORM_ERROR')).toBe(true)
  })

  it('never redirects to an unregistered redirect URI', async () => {
    const url = buildAuthenticationRequest({
      authLoginUrl: PLATFORM.authUrl,
      clientId: TOOL.clientId,
      redirectUri: 'https://evil.example/collect',
      loginHint: 'user-7',
      ...createLoginState(),
    })
    const error: unknown = await parseAuthenticationRequest(new Request(url), {
      lookupClient: () => ({ redirectUris: [TOOL.redirectUri] }),
    }).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(AuthenticationRequestError)
    expect((error as AuthenticationRequestError).redirectable).toBe(false)
  })
})

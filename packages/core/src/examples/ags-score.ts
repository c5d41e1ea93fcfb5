/**
 * Example: a tool obtains an access token from the platform's token endpoint (client credentials
 * with a signed JWT assertion) and posts an AGS score; the platform authorizes and parses it. Both
 * sides run in memory: each `Request` is handed straight to the other side's handler.
 */
import {
  AccessTokenIssuer,
  authorizeServiceRequest,
  bearerErrorResponse,
  buildClientAssertion,
  buildScoreRequest,
  buildTokenRequest,
  createKeyRing,
  generateSigningKey,
  handleTokenRequest,
  isLtiError,
  localKeyResolver,
  MemoryNonceStore,
  parseScoreRequest,
  processScoreResponse,
  processTokenResponse,
  publicJwks,
  type Score,
  SCOPE,
  scoreToFraction,
  signingKeyOf,
} from '../index.js'

const TOKEN_ENDPOINT = 'https://lms.example/lti/token'
const LINE_ITEM = 'https://lms.example/api/lti/courses/7/line_items/3'
const CLIENT_ID = 'tool-client-1'

export async function main() {
  // The tool's keys; the platform knows the public half (from the tool's JWKS URL).
  const toolKeys = createKeyRing({ current: await generateSigningKey() })
  const toolJwks = publicJwks(toolKeys)

  // Platform: a token endpoint and a scores endpoint.
  const accessTokens = new AccessTokenIssuer({ secret: AccessTokenIssuer.generateSecret() })
  const assertionIds = new MemoryNonceStore()
  const gradebook = new Map<string, Score>()
  const tokenEndpoint = (request: Request) =>
    handleTokenRequest(request, {
      tokenEndpointUrl: TOKEN_ENDPOINT,
      nonceStore: assertionIds,
      accessTokens,
      lookupClient: async (clientId) =>
        clientId === CLIENT_ID
          ? { keys: localKeyResolver(toolJwks), allowedScopes: [SCOPE.score, SCOPE.lineItem] }
          : undefined,
    })
  const scoresEndpoint = async (request: Request) => {
    try {
      await authorizeServiceRequest(request, accessTokens, [SCOPE.score])
      const score = await parseScoreRequest(request)
      gradebook.set(score.userId, score)
      return new Response(null, { status: 204 })
    } catch (error) {
      if (isLtiError(error)) return bearerErrorResponse(error)
      throw error
    }
  }

  // Tool: a client assertion, the token request, the token response.
  const clientAssertion = await buildClientAssertion({
    clientId: CLIENT_ID,
    tokenEndpoint: TOKEN_ENDPOINT,
    signingKey: signingKeyOf(toolKeys),
  })
  const scopes = [SCOPE.score, SCOPE.resultReadOnly]
  const tokenRequest = buildTokenRequest({ tokenEndpoint: TOKEN_ENDPOINT, clientAssertion, scopes })
  const token = await processTokenResponse(await tokenEndpoint(tokenRequest), {
    requestedScopes: scopes,
  })

  // The same assertion a second time is a replay (its `jti` was recorded): 401 invalid_client.
  const replayed = await tokenEndpoint(
    buildTokenRequest({ tokenEndpoint: TOKEN_ENDPOINT, clientAssertion, scopes }),
  )

  // Tool: publish a score with the token.
  const score: Score = {
    userId: 'user-7',
    scoreGiven: 8.5,
    scoreMaximum: 10,
    activityProgress: 'Completed',
    gradingProgress: 'FullyGraded',
    timestamp: new Date().toISOString(),
  }
  const scoreRequest = buildScoreRequest(LINE_ITEM, score, token.accessToken, 'example-tool/1.0')
  const outcome = await processScoreResponse(await scoresEndpoint(scoreRequest))

  // Without a token the platform answers 401 with a `WWW-Authenticate: Bearer` challenge.
  const anonymous = await scoresEndpoint(new Request(`${LINE_ITEM}/scores`, { method: 'POST' }))

  const stored = gradebook.get('user-7')
  return {
    grantedScopes: token.scopes,
    assertionReplay: { status: replayed.status, body: (await replayed.json()) as unknown },
    scoreStatus: outcome.status,
    storedFraction: stored === undefined ? undefined : scoreToFraction(stored),
    anonymousStatus: anonymous.status,
    anonymousChallenge: anonymous.headers.get('www-authenticate'),
  }
}

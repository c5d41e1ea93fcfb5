/**
 * The platform's OAuth 2.0 token endpoint: core's client-credentials handler wired to the
 * district's tool registrations.
 */
import type { PlatformDeps } from '../config.js'
import {
  handleTokenRequest,
  type KeyResolver,
  SCOPE,
  type Scope,
  staticKeyResolver,
  type TokenEndpointClient,
} from '../internal/core.js'
import type { ToolConnection } from '../ports.js'

/** The AGS scopes, granted only on connections with SCORE PASSBACK enabled. */
const AGS_SCOPES: readonly Scope[] = [
  SCOPE.lineItem,
  SCOPE.lineItemReadOnly,
  SCOPE.resultReadOnly,
  SCOPE.score,
]

/**
 * The scopes a connection's tool may hold: the registration's allowed scopes, without the AGS
 * ones when score passback is off, and without Basic Outcomes over a bearer token (ltihub serves
 * Basic Outcomes to LTI 1.1 connections with OAuth 1 signatures only).
 */
export function grantableScopes(connection: ToolConnection): Scope[] {
  const allowed = connection.lti13?.allowedScopes ?? []
  return allowed.filter(
    (scope) =>
      scope !== SCOPE.basicOutcome &&
      (connection.features.scorePassback || !AGS_SCOPES.includes(scope)),
  )
}

/**
 * The key resolver of a tool: its JWKS URL through the shared cache, or its one registered key.
 * `undefined` when the registration has neither (the tool cannot authenticate).
 */
export function toolKeyResolver(
  deps: Pick<PlatformDeps, 'toolKeySets'>,
  connection: ToolConnection,
): KeyResolver | undefined {
  const registration = connection.lti13
  if (registration?.jwksUri !== undefined) return deps.toolKeySets.resolver(registration.jwksUri)
  if (registration?.publicJwk !== undefined) return staticKeyResolver({ ...registration.publicJwk })
  return undefined
}

async function lookupClient(
  deps: PlatformDeps,
  clientId: string,
): Promise<TokenEndpointClient | undefined> {
  const connection = await deps.connections.findByClientId(deps.settings.issuer, clientId)
  // Pending (Dynamic Registration awaiting approval) and disabled connections get no tokens.
  if (connection?.status !== 'active') return undefined
  const keys = toolKeyResolver(deps, connection)
  if (keys === undefined) return undefined
  return { keys, allowedScopes: grantableScopes(connection), registrationId: connection.id }
}

/**
 * `POST {token endpoint}`: the client credentials grant with a signed client assertion. Answers
 * the RFC 6749 token response, or its error response (`invalid_client` 401, others 400).
 *
 * @example
 * app.post('/lti/token', (request) => handleTokenEndpoint(request, deps))
 * @see https://www.imsglobal.org/spec/security/v1p0/#using-json-web-tokens-with-oauth-2-0-client-credentials-grant
 */
export function handleTokenEndpoint(request: Request, deps: PlatformDeps): Promise<Response> {
  return handleTokenRequest(request, {
    tokenEndpointUrl: deps.settings.endpoints.token,
    lookupClient: (clientId) => lookupClient(deps, clientId),
    nonceStore: deps.nonces,
    accessTokens: deps.accessTokens,
    clock: deps.clock,
  })
}

/**
 * The parameters of the three OIDC steps of an LTI 1.3 launch, with code names. The wire names
 * (`login_hint`, `lti_message_hint`, ...) appear only in the functions that read and write them.
 * @see https://www.imsglobal.org/spec/security/v1p0/#openid_connect_launch_flow
 */

/** Step 1: the platform's third-party login initiation, as the tool reads it. */
export interface LoginInitiation {
  /** `iss`: the platform issuer (an https URL). */
  readonly issuer: string
  /** `login_hint`: opaque; echoed unchanged in the authentication request. */
  readonly loginHint: string
  /** `target_link_uri`: where the launch ends. */
  readonly targetLinkUri: string
  /** `lti_message_hint`: opaque; if present it MUST be echoed unchanged. */
  readonly ltiMessageHint?: string
  /** `client_id`: tells the registration apart when one issuer has several. */
  readonly clientId?: string
  /** `lti_deployment_id`. */
  readonly deploymentId?: string
  /** `lti_storage_target`: the frame to postMessage to for platform storage. */
  readonly ltiStorageTarget?: string
}

/** Step 2: the tool's authentication request, as the platform reads it (after validation). */
export interface AuthenticationRequest {
  readonly clientId: string
  readonly redirectUri: string
  readonly loginHint: string
  readonly nonce: string
  readonly state: string
  readonly ltiMessageHint?: string
}

/** Step 3: the platform's form post to the tool's redirect URI. */
export interface AuthenticationResponse {
  readonly idToken: string
  readonly state: string
  /** Canvas also posts `lti_storage_target` when platform storage is in use. */
  readonly ltiStorageTarget?: string
}

/** The OIDC error codes a platform may answer an authentication request with. */
export type OidcErrorCode =
  | 'invalid_request'
  | 'invalid_request_object'
  | 'invalid_scope'
  | 'unauthorized_client'
  | 'unsupported_response_type'
  | 'access_denied'
  | 'login_required'
  | 'interaction_required'
  | 'launch_no_longer_valid'
  | 'server_error'

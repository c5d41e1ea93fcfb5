import {
  buildIdToken,
  buildLoginInitiation,
  CLAIM,
  type LaunchMessageClaims,
  MESSAGE_TYPE,
  parseAuthenticationRequest,
} from '../internal/core.js'
import type { TestPlatform } from './test-platform.js'

/** The HTML entity decoding the tool's pages need for their attribute values. */
function unescapeHtml(value: string): string {
  return value
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&')
}

/** The value of an element's attribute in a tool page, by element id. */
export function attributeById(html: string, id: string, attribute: string): string | undefined {
  const element = new RegExp(`<[^>]*id="${id}"[^>]*>`).exec(html)?.[0]
  const value =
    element === undefined ? undefined : new RegExp(`${attribute}="([^"]*)"`).exec(element)?.[1]
  return value === undefined ? undefined : unescapeHtml(value)
}

/** Hidden form fields of a tool page, by name. */
export function hiddenFields(html: string): Record<string, string> {
  const fields: Record<string, string> = {}
  for (const match of html.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)) {
    fields[unescapeHtml(match[1] ?? '')] = unescapeHtml(match[2] ?? '')
  }
  return fields
}

/** The `name=value` pairs of a response's Set-Cookie headers, for a later Cookie header. */
export function cookiesOf(response: Response): string {
  return response.headers
    .getSetCookie()
    .map((cookie) => cookie.split(';', 1)[0] ?? '')
    .filter((pair) => !pair.endsWith('='))
    .join('; ')
}

/** Options of {@link loginRequest}. */
export interface LoginRequestOptions {
  readonly targetLinkUri: string
  readonly loginHint?: string
  readonly messageHint?: string
  /** `null` leaves client_id out (issuer-only look-up). */
  readonly clientId?: string | null
  readonly deploymentId?: string
  readonly storageTarget?: string
  readonly method?: 'GET' | 'POST'
}

/** The platform's login initiation to the tool (step 1), as GET or form POST. */
export function loginRequest(
  platform: TestPlatform,
  toolLoginUrl: string,
  options: LoginRequestOptions,
): Request {
  const clientId = options.clientId === undefined ? platform.clientId : options.clientId
  const { url, fields } = buildLoginInitiation({
    toolLoginUrl,
    issuer: platform.issuer,
    loginHint: options.loginHint ?? 'user-hint-1',
    targetLinkUri: options.targetLinkUri,
    ...(options.messageHint === undefined ? {} : { ltiMessageHint: options.messageHint }),
    ...(clientId === null ? {} : { clientId }),
    ...(options.deploymentId === undefined ? {} : { deploymentId: options.deploymentId }),
    ...(options.storageTarget === undefined ? {} : { ltiStorageTarget: options.storageTarget }),
  })
  if (options.method === 'POST') {
    return new Request(toolLoginUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields),
    })
  }
  return new Request(url)
}

/** What the tool's login page asked the platform for (step 2), validated by the platform side. */
export interface AuthenticationStep {
  readonly state: string
  readonly nonce: string
  readonly redirectUri: string
  readonly cookie: string
  readonly authUrl: string
}

/** Reads the login page, and validates its authentication request as the platform would. */
export async function authenticationStep(
  platform: TestPlatform,
  loginPage: Response,
  redirectUris: readonly string[],
): Promise<AuthenticationStep> {
  const html = await loginPage.text()
  const authUrl = attributeById(html, 'ltihub-continue', 'href')
  if (authUrl === undefined) throw new Error(`no authentication request in the login page: ${html}`)
  const auth = await parseAuthenticationRequest(new Request(authUrl), {
    lookupClient: (clientId) => (clientId === platform.clientId ? { redirectUris } : undefined),
  })
  return {
    state: auth.state,
    nonce: auth.nonce,
    redirectUri: auth.redirectUri,
    cookie: cookiesOf(loginPage),
    authUrl,
  }
}

/** Options of {@link resourceLinkMessage}. */
export interface ResourceLinkOptions {
  readonly targetLinkUri: string
  readonly resourceLinkId?: string
  readonly roles?: readonly string[]
  readonly custom?: Readonly<Record<string, string>>
  readonly context?: { readonly id: string; readonly title?: string }
  readonly lineItemUrl?: string
  /** The context's line items container (with the line item scope). */
  readonly lineItemsUrl?: string
  readonly membershipsUrl?: string
  readonly returnUrl?: string
  readonly profile?: {
    readonly given_name?: string
    readonly family_name?: string
    readonly email?: string
  }
}

export const ROLE = {
  learner: 'http://purl.imsglobal.org/vocab/lis/v2/membership#Learner',
  instructor: 'http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor',
} as const

/** The claims of an `LtiResourceLinkRequest`. */
export function resourceLinkMessage(options: ResourceLinkOptions): LaunchMessageClaims {
  return {
    [CLAIM.messageType]: MESSAGE_TYPE.resourceLink,
    [CLAIM.targetLinkUri]: options.targetLinkUri,
    [CLAIM.resourceLink]: { id: options.resourceLinkId ?? 'link-1' },
    [CLAIM.roles]: [...(options.roles ?? [ROLE.learner])],
    ...(options.custom === undefined ? {} : { [CLAIM.custom]: { ...options.custom } }),
    ...(options.context === undefined ? {} : { [CLAIM.context]: { ...options.context } }),
    ...(options.lineItemUrl === undefined && options.lineItemsUrl === undefined
      ? {}
      : {
          [CLAIM.agsEndpoint]: {
            scope: [
              'https://purl.imsglobal.org/spec/lti-ags/scope/score',
              ...(options.lineItemsUrl === undefined
                ? []
                : ['https://purl.imsglobal.org/spec/lti-ags/scope/lineitem']),
            ],
            ...(options.lineItemUrl === undefined ? {} : { lineitem: options.lineItemUrl }),
            ...(options.lineItemsUrl === undefined ? {} : { lineitems: options.lineItemsUrl }),
          },
        }),
    ...(options.membershipsUrl === undefined
      ? {}
      : {
          [CLAIM.nrpsService]: {
            context_memberships_url: options.membershipsUrl,
            service_versions: ['2.0'],
          },
        }),
    ...(options.returnUrl === undefined
      ? {}
      : { [CLAIM.launchPresentation]: { return_url: options.returnUrl } }),
    ...(options.profile ?? {}),
  } as LaunchMessageClaims
}

/** Signs a launch message for the tool (step 3). */
export function idToken(
  platform: TestPlatform,
  nonce: string,
  message: LaunchMessageClaims,
  subject: string | undefined,
  clock: () => number,
): Promise<string> {
  return buildIdToken({
    signingKey: platform.signingKey,
    issuer: platform.issuer,
    clientId: platform.clientId,
    deploymentId: platform.deploymentId,
    nonce,
    message,
    ...(subject === undefined ? {} : { subject }),
    clock,
  })
}

/** The platform's form post of the authentication response to the tool's redirect URI. */
export function launchPost(
  redirectUri: string,
  fields: Readonly<Record<string, string>>,
  cookie?: string,
): Request {
  return new Request(redirectUri, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(cookie === undefined || cookie === '' ? {} : { cookie }),
    },
    body: new URLSearchParams(fields),
  })
}

/** The error code shown on a tool error page, or undefined when the page is not one. */
export async function errorCodeOf(response: Response): Promise<string | undefined> {
  const html = await response.clone().text()
  return /<code id="ltihub-error-code">([^<]*)<\/code>/.exec(html)?.[1]
}

/** Options of {@link deepLinkingMessage}. */
export interface DeepLinkingMessageOptions {
  readonly targetLinkUri: string
  readonly returnUrl?: string
  readonly acceptTypes?: readonly string[]
  readonly acceptMultiple?: boolean
  readonly acceptLineItem?: boolean
  readonly data?: string
}

/** The claims of an `LtiDeepLinkingRequest`. */
export function deepLinkingMessage(options: DeepLinkingMessageOptions): LaunchMessageClaims {
  return {
    [CLAIM.messageType]: MESSAGE_TYPE.deepLinkingRequest,
    [CLAIM.targetLinkUri]: options.targetLinkUri,
    [CLAIM.roles]: [ROLE.instructor],
    [CLAIM.deepLinkingSettings]: {
      deep_link_return_url: options.returnUrl ?? 'https://lms.example.test/deep-link-return',
      accept_types: [...(options.acceptTypes ?? ['ltiResourceLink'])],
      accept_presentation_document_targets: ['iframe', 'window'],
      ...(options.acceptMultiple === undefined ? {} : { accept_multiple: options.acceptMultiple }),
      ...(options.acceptLineItem === undefined ? {} : { accept_lineitem: options.acceptLineItem }),
      ...(options.data === undefined ? {} : { data: options.data }),
    },
  } as LaunchMessageClaims
}

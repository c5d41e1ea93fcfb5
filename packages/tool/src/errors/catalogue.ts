import { defineErrors, type ErrorDefinition, type ErrorDocSection, SPEC } from '../internal/core.js'

const LOGIN = `${SPEC.core}#third-party-initiated-login`

/** Errors of the OIDC login initiation and of binding the launch to the browser. */
const loginErrors = defineErrors({
  ERR_LTI_PLATFORM_UNKNOWN: {
    status: 400,
    spec: LOGIN,
    description: 'This platform (issuer and client_id) is not registered with the tool.',
    cause:
      'The platform was never registered, or its issuer or client_id differ from the registration.',
    fix: 'Register the platform (by hand or with Dynamic Registration) with the exact issuer and client_id.',
  },
  ERR_LTI_PLATFORM_AMBIGUOUS: {
    status: 400,
    spec: LOGIN,
    description: 'Several registrations share this issuer and the login names no client_id.',
    cause:
      'The platform sent a login initiation without client_id and more than one client is registered.',
    fix: 'Configure the platform to send client_id with the login initiation.',
  },
  ERR_LTI_PLATFORM_DISABLED: {
    status: 403,
    description: 'The registration of this platform is disabled.',
    cause: 'An administrator of the tool disabled the platform registration.',
    fix: 'Enable the registration in the tool console.',
  },
  ERR_LTI_STATE_UNKNOWN: {
    status: 401,
    spec: `${SPEC.security}#authentication-response-validation`,
    description: 'The launch state is unknown, expired or already used.',
    cause: 'The launch took more than a few minutes, was replayed, or did not start at this tool.',
    fix: 'Start the launch again from the platform.',
  },
  ERR_LTI_DEPLOYMENT_PENDING: {
    status: 403,
    spec: `${SPEC.core}#lti-deployment-id-claim`,
    description: 'This deployment of the tool awaits approval by the tool’s administrator.',
    cause: 'The platform launched with a deployment_id the tool has not approved yet.',
    fix: 'Approve the deployment in the tool console.',
  },
  ERR_LTI_DEPLOYMENT_DISABLED: {
    status: 403,
    spec: `${SPEC.core}#lti-deployment-id-claim`,
    description: 'This deployment of the tool has been disabled.',
    cause: 'An administrator of the tool disabled the deployment.',
    fix: 'Re-enable the deployment in the tool console.',
  },
})

/** Errors of choosing what a launch opens and of enrolling the user in it. */
const provisioningErrors = defineErrors({
  ERR_LTI_PUBLICATION_NOT_FOUND: {
    status: 404,
    description: 'No published course matches this launch.',
    cause:
      'The custom parameter course or the external ID in the launch URL names no published course.',
    fix: 'Check the course external ID and that the course is published as an LTI tool.',
  },
  ERR_LTI_PUBLICATION_UNAVAILABLE: {
    status: 403,
    description: 'This course is not available to this platform.',
    cause: 'The publication is disabled or restricted to other consumer keys or platforms.',
    fix: 'Enable the publication or offer it to this consumer key or platform.',
  },
  ERR_LTI_ENROLMENT_NOT_STARTED: {
    status: 403,
    description: 'Enrolment in this course has not opened yet.',
    cause: 'The launch came before the enrolment start date of the publication.',
    fix: 'Launch again after the start date, or move the start date.',
  },
  ERR_LTI_ENROLMENT_ENDED: {
    status: 403,
    description: 'Enrolment in this course has closed.',
    cause: 'The launch came after the enrolment end date of the publication.',
    fix: 'Move or remove the end date of the publication.',
  },
  ERR_LTI_ENROLMENT_FULL: {
    status: 403,
    description: 'This course has reached its maximum number of enrolled users.',
    cause: 'The publication’s maximum enrolled users is reached.',
    fix: 'Raise the maximum, or unenrol users who no longer need access.',
  },
  ERR_LTI_ENROLMENT_EXPIRED: {
    status: 403,
    description: 'Your enrolment period in this course has ended.',
    cause: 'The enrolment period of the publication has elapsed since this user enrolled.',
    fix: 'Extend the enrolment period or re-enrol the user.',
  },
  ERR_LTI_USER_ID_MISSING: {
    status: 400,
    spec: `${SPEC.core}#user-identity-claims`,
    description: 'The launch does not identify the user, so no account can be matched.',
    cause:
      'An anonymous launch: no sub (LTI 1.3) or user_id (LTI 1.1), or one longer than 255 characters.',
    fix: 'Configure the platform to send the user id to this tool.',
  },
})

/** Errors of the tool's own pages: sessions, deep-linking choices, routing. */
const pageErrors = defineErrors({
  ERR_LTI_SESSION_UNKNOWN: {
    status: 401,
    description: 'This LTI session is unknown or has expired.',
    cause: 'The page was left open too long, or the session id was altered.',
    fix: 'Launch the tool again from the platform.',
  },
  ERR_LTI_SELECTION_INVALID: {
    status: 400,
    spec: `${SPEC.deepLinking}#deep-linking-response-message`,
    description: 'The selected content cannot be returned to the platform.',
    cause:
      'No item was chosen, several were chosen where the platform accepts one, or an item is unknown.',
    fix: 'Choose one or more of the listed items (only one when the platform asks for one).',
  },
  ERR_LTI_ROUTE_NOT_FOUND: {
    status: 404,
    description: 'There is no LTI endpoint at this address.',
    cause: 'The URL is mistyped or the publication it names does not exist.',
    fix: 'Use the URLs listed in the publication’s launch information.',
  },
  ERR_LTI_METHOD_NOT_ALLOWED: {
    status: 405,
    description: 'This LTI endpoint does not accept this HTTP method.',
    cause: 'A client used GET where the spec requires a form POST, or the reverse.',
    fix: 'Use the method the spec defines for the endpoint.',
  },
})

const DR = 'https://www.imsglobal.org/spec/lti-dr/v1p0'

/** Errors of the Dynamic Registration page, which anyone can open: what it refuses to call. */
const registrationErrors = defineErrors({
  ERR_LTI_DR_ADDRESS_REFUSED: {
    status: 400,
    spec: `${DR}#step-2-discovery-and-openid-configuration`,
    description: 'The platform address given for registration is not one the tool may call.',
    cause:
      'openid_configuration, or an endpoint of the configuration, is on a private, loopback, link-local or reserved address, or on a name that resolves to one.',
    fix: 'Register from a platform reachable on a public address over https.',
  },
  ERR_LTI_DR_TIMEOUT: {
    status: 504,
    spec: `${DR}#step-2-discovery-and-openid-configuration`,
    description: 'The platform did not answer the registration in time.',
    cause:
      'The openid-configuration or registration endpoint took longer than the tool waits (10 s by default).',
    fix: 'Check that the platform is up, then start the registration again.',
  },
  ERR_LTI_DR_CLOSED: {
    status: 403,
    spec: `${DR}#step-1-registration-initiation-request`,
    description: 'This tool does not accept Dynamic Registration at the moment.',
    cause: 'An administrator of the tool turned Dynamic Registration off.',
    fix: 'Ask the tool’s administrator to turn on "Accept Dynamic Registration", or to register the platform by hand.',
  },
  ERR_LTI_DR_TOO_MANY_PENDING: {
    status: 429,
    spec: `${DR}#step-1-registration-initiation-request`,
    description:
      'Too many registrations are waiting for approval: the tool accepts no new one now.',
    cause:
      'The number of platform registrations no administrator has decided on yet reached the tool’s limit.',
    fix: 'Ask the tool’s administrator to approve or discard waiting registrations, then register again.',
  },
})

/**
 * Every error code the tool layer raises itself, with status and documentation. Protocol errors
 * raised by `@ltihub/core` keep their own codes; the "Tool layer" section of `docs/errors.md` lists these.
 */
export const toolErrorCatalogue = {
  ...loginErrors,
  ...provisioningErrors,
  ...pageErrors,
  ...registrationErrors,
} as const satisfies Record<string, ErrorDefinition>

/** The union of the tool layer's error codes. */
export type ToolErrorCode = keyof typeof toolErrorCatalogue

/** The tool layer's section of `docs/errors.md`. */
export const toolErrorSection: ErrorDocSection = {
  title: 'Tool layer (`@ltihub/tool`)',
  intro:
    'Launch refusals, enrolment rules and tool pages. Every failed launch shows a page with the description and the code; detail stays in the log. Generated from `packages/tool/src/errors/catalogue.ts`.',
  catalogue: toolErrorCatalogue,
}

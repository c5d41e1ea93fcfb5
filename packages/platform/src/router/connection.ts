/**
 * A tool connection from the few values an integrator has at hand (the tool's URLs and the ids it
 * was given), with the usual defaults: active, every connection type on, name and email shared,
 * AGS and NRPS scopes allowed, one deployment covering the connection's schools.
 */
import { SCOPE, type Scope } from '../internal/core.js'
import type { ConnectionFeatures, Lti11Credentials, ToolConnection } from '../ports.js'

export interface ToolConnectionInput {
  readonly id: string
  readonly name: string
  /** Schools (or the one school of a small LMS) the tool is enabled for. */
  readonly schoolIds: readonly string[]
  /** LTI 1.3: the client_id and deployment_id the tool is told, and its URLs. */
  readonly lti13?: {
    readonly clientId: string
    readonly deploymentId: string
    readonly initiateLoginUri: string
    readonly targetLinkUri: string
    /** Default: `[targetLinkUri]`. */
    readonly redirectUris?: readonly string[]
    readonly jwksUri: string
    readonly deepLinkingUri?: string
    /** Default: every AGS and NRPS scope. */
    readonly allowedScopes?: readonly Scope[]
  }
  readonly lti11?: Lti11Credentials
  readonly features?: Partial<ConnectionFeatures>
  readonly privacy?: { readonly sendName: boolean; readonly sendEmail: boolean }
  readonly customParameters?: Readonly<Record<string, string>>
}

const SERVICE_SCOPES: readonly Scope[] = [
  SCOPE.lineItem,
  SCOPE.lineItemReadOnly,
  SCOPE.resultReadOnly,
  SCOPE.score,
  SCOPE.contextMembershipReadOnly,
]

/** The {@link ToolConnection} of `input` for the platform `issuer`. */
export function toolConnection(issuer: string, input: ToolConnectionInput): ToolConnection {
  const lti13 = input.lti13
  return {
    id: input.id,
    name: input.name,
    status: 'active',
    schoolIds: [...input.schoolIds],
    features: {
      learningTool: true,
      scorePassback: true,
      assignmentResource: true,
      embeddableContent: true,
      ...input.features,
    },
    learningToolsList: { student: true, parent: false },
    privacy: input.privacy ?? { sendName: true, sendEmail: true },
    customParameters: input.customParameters ?? {},
    ...(input.lti11 === undefined ? {} : { lti11: input.lti11 }),
    ...(lti13 === undefined
      ? {}
      : {
          lti13: {
            issuer,
            clientId: lti13.clientId,
            initiateLoginUri: lti13.initiateLoginUri,
            redirectUris: lti13.redirectUris ?? [lti13.targetLinkUri],
            targetLinkUri: lti13.targetLinkUri,
            jwksUri: lti13.jwksUri,
            ...(lti13.deepLinkingUri === undefined ? {} : { deepLinkingUri: lti13.deepLinkingUri }),
            allowedScopes: lti13.allowedScopes ?? SERVICE_SCOPES,
            deployments: [{ deploymentId: lti13.deploymentId, schoolIds: [...input.schoolIds] }],
          },
        }),
  }
}

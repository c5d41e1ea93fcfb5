/**
 * Type-level tests: launch messages narrow by `message_type`, and `buildIdToken` asks for the
 * claims each message type requires.
 */
import {
  buildIdToken,
  CLAIM,
  isMessageOfType,
  type LaunchMessageOf,
  type LaunchMessageType,
  type LaunchView,
  type LtiDeepLinkingRequest,
  type LtiLaunchMessage,
  type LtiResourceLinkRequest,
  type LtiSubmissionReviewRequest,
  MESSAGE_TYPE,
  type MessageType,
  type SigningKey,
} from '../index.js'
import { assertType, type Equals } from './equals.js'

// The message type unions are unions of the spec's literal strings.
assertType<
  Equals<
    LaunchMessageType,
    'LtiResourceLinkRequest' | 'LtiDeepLinkingRequest' | 'LtiSubmissionReviewRequest'
  >
>()
assertType<Equals<MessageType, LaunchMessageType | 'LtiDeepLinkingResponse'>>()
assertType<Equals<LaunchMessageOf<'LtiResourceLinkRequest'>, LtiResourceLinkRequest>>()
assertType<Equals<LaunchMessageOf<'LtiDeepLinkingRequest'>, LtiDeepLinkingRequest>>()
assertType<Equals<LaunchMessageOf<'LtiSubmissionReviewRequest'>, LtiSubmissionReviewRequest>>()
assertType<Equals<LaunchView['messageType'], LaunchMessageType>>()

export function narrowing(message: LtiLaunchMessage): string {
  // Without narrowing, the deep linking settings claim may be absent.
  // @ts-expect-error not every launch message has deep_linking_settings
  const unnarrowed: LtiDeepLinkingRequest[typeof CLAIM.deepLinkingSettings] =
    message[CLAIM.deepLinkingSettings]

  if (isMessageOfType(message, MESSAGE_TYPE.deepLinkingRequest)) {
    assertType<Equals<typeof message, LtiDeepLinkingRequest>>()
    // After narrowing, the settings claim is required and typed.
    const returnUrl: string = message[CLAIM.deepLinkingSettings].deep_link_return_url
    return returnUrl
  }
  if (isMessageOfType(message, MESSAGE_TYPE.resourceLink)) {
    assertType<Equals<typeof message, LtiResourceLinkRequest>>()
    const linkId: string = message[CLAIM.resourceLink].id
    const roles: readonly string[] = message[CLAIM.roles]
    return `${linkId} ${roles.join(' ')}`
  }
  if (isMessageOfType(message, MESSAGE_TYPE.submissionReview)) {
    const learner: string = message[CLAIM.forUser].user_id
    const lineItem: string = message[CLAIM.agsEndpoint].lineitem
    return `${learner} ${lineItem}`
  }
  // @ts-expect-error the response is not a launch message type
  isMessageOfType(message, MESSAGE_TYPE.deepLinkingResponse)
  return String(unnarrowed)
}

export async function buildingMessages(signingKey: SigningKey): Promise<string[]> {
  const common = {
    signingKey,
    issuer: 'https://lms.example',
    clientId: 'tool',
    deploymentId: 'd1',
    nonce: 'n',
    subject: 'user-1',
  }
  const complete = await buildIdToken({
    ...common,
    message: {
      [CLAIM.messageType]: MESSAGE_TYPE.resourceLink,
      [CLAIM.targetLinkUri]: 'https://tool.example/a/1',
      [CLAIM.resourceLink]: { id: 'link-1' },
      [CLAIM.roles]: [],
    },
  })
  const missingLink = await buildIdToken({
    ...common,
    // @ts-expect-error a resource link launch requires the resource_link claim
    message: {
      [CLAIM.messageType]: MESSAGE_TYPE.resourceLink,
      [CLAIM.targetLinkUri]: 'https://tool.example/a/1',
      [CLAIM.roles]: [],
    },
  })
  const missingSettings = await buildIdToken({
    ...common,
    // @ts-expect-error a deep linking request requires deep_linking_settings
    message: { [CLAIM.messageType]: MESSAGE_TYPE.deepLinkingRequest },
  })
  const wrongSettings = await buildIdToken({
    ...common,
    // @ts-expect-error accept_types is an array of types, not one string
    message: {
      [CLAIM.messageType]: MESSAGE_TYPE.deepLinkingRequest,
      [CLAIM.deepLinkingSettings]: {
        deep_link_return_url: 'https://lms.example/dl',
        accept_types: 'ltiResourceLink',
        accept_presentation_document_targets: ['iframe'],
      },
    },
  })
  return [complete, missingLink, missingSettings, wrongSettings]
}

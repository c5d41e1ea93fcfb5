import type { LaunchMessageType } from '../claims/messages.js'
import { MESSAGE_TYPE } from '../claims/uris.js'
import type { LaunchStep } from './context.js'
import { algorithmAllowed } from './steps/algorithm.js'
import { audience } from './steps/audience.js'
import { deploymentId } from './steps/deployment-id.js'
import { issuer } from './steps/issuer.js'
import { jwsStructure } from './steps/jws-structure.js'
import { keyIdPresent } from './steps/key-id.js'
import { messageClaims } from './steps/message-claims.js'
import { messageType } from './steps/message-type.js'
import { nonce } from './steps/nonce.js'
import { signature } from './steps/signature.js'
import { subjectRequired, subjectUnlessAnonymous } from './steps/subject.js'
import { targetLinkUriIfPresent, targetLinkUriRequired } from './steps/target-link-uri.js'
import { timestamps } from './steps/timestamps.js'
import { tokenSize } from './steps/token-size.js'
import { version } from './steps/version.js'

/**
 * Which checks a tool runs on an id_token, in order (SEC §5.1.3 then CORE §5). This table is the
 * single place that says so; each step is one file under `steps/`.
 *
 * Every message runs `TOKEN_STEPS` first. The nonce is consumed only after the signature, issuer,
 * audience and time checks, so a forged or stale token can neither fill the nonce store nor burn a
 * genuine nonce.
 */
export const TOKEN_STEPS: readonly LaunchStep[] = [
  tokenSize,
  jwsStructure,
  algorithmAllowed,
  keyIdPresent,
  signature,
  issuer,
  audience,
  timestamps,
  nonce,
  version,
  messageType,
]

/**
 * Then the steps of the message type. Deep linking requests need no `sub`, `roles` or
 * `target_link_uri` (DL 2.0, doc v2); submission reviews always name their viewer.
 */
export const MESSAGE_STEPS: Readonly<Record<LaunchMessageType, readonly LaunchStep[]>> = {
  [MESSAGE_TYPE.resourceLink]: [
    deploymentId,
    targetLinkUriRequired,
    subjectUnlessAnonymous,
    messageClaims,
  ],
  [MESSAGE_TYPE.deepLinkingRequest]: [deploymentId, targetLinkUriIfPresent, messageClaims],
  [MESSAGE_TYPE.submissionReview]: [
    deploymentId,
    targetLinkUriRequired,
    subjectRequired,
    messageClaims,
  ],
}

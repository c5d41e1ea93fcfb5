import type { z } from 'zod'
import { LAUNCH_MESSAGE_SCHEMAS } from '../../claims/messages.js'
import { LtiError } from '../../errors/lti-error.js'
import { payloadOf, type LaunchStep } from '../context.js'

/** The value at a zod issue path, to tell a missing claim from a malformed one. */
function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let value = root
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined
    value = (value as Record<PropertyKey, unknown>)[key]
  }
  return value
}

function toLtiError(payload: unknown, issue: z.core.$ZodIssue): LtiError {
  const claim = issue.path.map(String).join('.')
  const code =
    valueAt(payload, issue.path) === undefined
      ? 'ERR_LTI_JWT_CLAIM_MISSING'
      : 'ERR_LTI_JWT_CLAIM_INVALID'
  return new LtiError(code, { claim, detail: `${claim}: ${issue.message}` })
}

/**
 * Validates every claim of the message against the schema of its type: required claims present
 * (for example `resource_link.id`, `roles`, `deep_linking_settings`, `for_user.user_id`) and known
 * claims well formed. Unknown claims are kept as they are: receivers "MUST ignore" them.
 * @see https://www.imsglobal.org/spec/lti/v1p3/#required-message-claims
 */
export const messageClaims: LaunchStep = {
  name: 'message-claims',
  run(context) {
    const type = context.messageType
    if (type === undefined) throw new TypeError('launch pipeline: message-type must run first')
    const payload = payloadOf(context)
    const result = LAUNCH_MESSAGE_SCHEMAS[type].safeParse(payload)
    if (!result.success) {
      const [issue] = result.error.issues
      throw issue === undefined
        ? new LtiError('ERR_LTI_JWT_CLAIM_INVALID')
        : toLtiError(payload, issue)
    }
    context.message = result.data
  },
}

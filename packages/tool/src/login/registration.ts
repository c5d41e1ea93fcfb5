import { ToolError } from '../errors/tool-error.js'
import type { PlatformRegistrationStore } from '../ports.js'
import type { PlatformRegistration } from '../records.js'

/**
 * The registration a login initiation names. By (issuer, client_id) when the platform sends
 * client_id; by issuer alone only when exactly one registration has it (lti-notes §3.1: with
 * several, the tool "cannot disambiguate"). Unknown or disabled → a coded error, which the login
 * handler shows as a page: it must never redirect for a platform it does not know.
 */
export async function registrationForLogin(
  registrations: PlatformRegistrationStore,
  issuer: string,
  clientId: string | undefined,
): Promise<PlatformRegistration> {
  let registration: PlatformRegistration | undefined
  if (clientId !== undefined) {
    registration = await registrations.find(issuer, clientId)
  } else {
    const candidates = await registrations.findByIssuer(issuer)
    if (candidates.length > 1) throw new ToolError('ERR_LTI_PLATFORM_AMBIGUOUS', { detail: issuer })
    registration = candidates[0]
  }
  if (registration === undefined) {
    throw new ToolError('ERR_LTI_PLATFORM_UNKNOWN', {
      detail: `${issuer} / ${clientId ?? '(no client_id)'}`,
    })
  }
  if (!registration.enabled)
    throw new ToolError('ERR_LTI_PLATFORM_DISABLED', { detail: registration.id })
  return registration
}

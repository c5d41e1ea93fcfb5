import { agsErrors } from '../ags/errors.js'
import { cartridgeErrors } from '../cartridge/errors.js'
import { contentItemErrors } from '../content-item/errors.js'
import { deepLinkingErrors } from '../deep-linking/errors.js'
import { keysErrors } from '../keys/errors.js'
import { launchErrors } from '../launch/errors.js'
import { migrationErrors } from '../migration/errors.js'
import { nrpsErrors } from '../nrps/errors.js'
import { oauth1Errors } from '../oauth1/errors.js'
import { oauth2Errors } from '../oauth2/errors.js'
import { oidcLoginErrors } from '../oidc-login/errors.js'
import { outcomesErrors } from '../outcomes/errors.js'
import { outboundErrors } from '../outbound/errors.js'
import { pagingErrors } from '../paging/errors.js'
import { registrationErrors } from '../registration/errors.js'
import { commonErrors } from './common.js'
import type { ErrorDefinition } from './define.js'

/**
 * Every stable error code ltihub raises, with its status, spec rule and documentation.
 * Each feature declares its own entries next to its code; this file only gathers them.
 * `docs/errors.md` is generated from this object and a test keeps the two in step.
 */
export const errorCatalogue = {
  ...commonErrors,
  ...keysErrors,
  ...oauth2Errors,
  ...oidcLoginErrors,
  ...launchErrors,
  ...deepLinkingErrors,
  ...agsErrors,
  ...nrpsErrors,
  ...pagingErrors,
  ...registrationErrors,
  ...migrationErrors,
  ...oauth1Errors,
  ...outcomesErrors,
  ...contentItemErrors,
  ...cartridgeErrors,
  ...outboundErrors,
} as const satisfies Record<string, ErrorDefinition>

/** The union of every stable error code. */
export type LtiErrorCode = keyof typeof errorCatalogue

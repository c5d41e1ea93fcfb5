import { jwtVerify } from 'jose'
import { toLtiError } from '../../keys/index.js'
import type { LaunchStep } from '../context.js'

/**
 * Verifies the signature with the platform key chosen by `kid`, through jose with the algorithm
 * list pinned. jose also refuses a payload that is not a JSON object and an expired `exp`.
 * @see https://www.imsglobal.org/spec/security/v1p0/#authentication-response-validation
 */
export const signature: LaunchStep = {
  name: 'signature',
  async run(context) {
    const { options } = context
    try {
      const { payload } = await jwtVerify(context.token, options.keys, {
        algorithms: [...options.algorithms],
        currentDate: new Date(context.nowMs),
        clockTolerance: options.clockToleranceSeconds,
      })
      context.payload = payload
    } catch (error) {
      throw toLtiError(error)
    }
  },
}

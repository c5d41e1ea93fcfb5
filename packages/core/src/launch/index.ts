/** The LTI 1.3 launch message: building it (platform) and verifying it (tool). */
export { buildIdToken, type BuildIdTokenOptions, type LaunchMessageClaims } from './platform.js'
export { type VerifiedLaunch, verifyIdToken } from './tool.js'
export type { VerifyIdTokenOptions } from './options.js'
export type { LaunchCheckContext, LaunchStep } from './context.js'
export { MESSAGE_STEPS, TOKEN_STEPS } from './pipeline.js'
export { launchErrors } from './errors.js'

export {
  type AuthenticationOptions,
  type BrowserSession,
  handleAuthenticationRequest,
} from './authorize.js'
export { buildLti11LaunchForm, type Lti11LaunchForm, lti11LaunchResponse } from './lti11.js'
export { learningToolLinkId } from './resolve.js'
export { type LoginInitiationStart, startLaunch, type StartLaunchInput } from './start.js'

/**
 * The one place this feature reaches into the platform layer. `@ltihub/platform` has no package
 * root yet, so its ports are imported by relative path here; a one-line change later.
 */
export type {
  ConnectionFeatures,
  ConnectionStore,
  Deployment,
  LearningToolsList,
  LmsUser,
  Lti11Credentials,
  Lti13Registration,
  PendingRegistration,
  ToolConnection,
} from '../../../../platform/src/ports.js'
export {
  type ConnectionTestReport,
  type ConnectionUnderTest,
  testConnection,
} from '../../../../platform/src/registration/index.js'

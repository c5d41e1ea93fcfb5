/** The one place this feature imports the platform layer's ports and connection test. */
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
} from '@ltihub/platform'
export {
  type ConnectionTestReport,
  type ConnectionUnderTest,
  testConnection,
} from '@ltihub/platform'

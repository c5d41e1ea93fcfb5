export {
  handleOpenIdConfiguration,
  handleRegistration,
  type RegistrationStart,
  startRegistration,
} from './dynamic.js'
export {
  type ConnectionCheck,
  type ConnectionTestReport,
  type ConnectionUnderTest,
  testConnection,
} from './test-connection.js'

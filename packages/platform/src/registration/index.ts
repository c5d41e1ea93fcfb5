export {
  handleOpenIdConfiguration,
  handleRegistration,
  type RegistrationStart,
  startRegistration,
} from './dynamic.js'
export {
  type ConnectionCheck,
  type ConnectionTestReport,
  testConnection,
} from './test-connection.js'

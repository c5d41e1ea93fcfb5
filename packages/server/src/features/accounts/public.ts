/** What the CLI and other packages use of the accounts feature. */
export { createIdentity, type Identity } from './identity.js'
export { PASSWORD_RULE } from './passwords.js'
export { createConsoleAccount } from './service.js'

export { grantableScopes, handleTokenEndpoint } from './endpoint.js'
export { handleJwks } from './jwks.js'

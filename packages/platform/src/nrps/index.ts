export { handleMemberships } from './memberships.js'

export { handleBasicOutcomes } from './basic-outcomes.js'

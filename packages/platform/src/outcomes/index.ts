export { type BasicOutcomesOptions, handleBasicOutcomes } from './basic-outcomes.js'

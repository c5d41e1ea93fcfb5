export { handleLineItem, handleLineItemContainer } from './line-items.js'
export { handleResults } from './results.js'
export { handleScores } from './scores.js'

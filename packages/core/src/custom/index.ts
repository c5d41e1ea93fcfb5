export {
  isVariableName,
  SUBSTITUTION_VARIABLES,
  VARIABLE_GROUPS,
  type VariableName,
} from './variables.js'
export {
  formatIdHistory,
  parseIdHistory,
  type SubstituteOptions,
  substituteCustomParameters,
  type SubstitutionValues,
} from './substitute.js'
export { toLti11CustomParameterName } from './names.js'
export {
  formatCustomParameterLines,
  MAX_CUSTOM_PARAMETER_TEXT,
  parseCustomParameterLines,
} from './lines.js'

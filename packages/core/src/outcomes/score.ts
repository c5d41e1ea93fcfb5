import { LtiError } from '../errors/lti-error.js'

/**
 * A plain decimal with `.` as separator: `0`, `1`, `0.92`, `.5`, `1.000`. No sign, exponent,
 * comma, hex, `NaN` or `Infinity`: "textString is a decimal in [0.0, 1.0] using . as separator".
 */
const DECIMAL = /^(?:[01](?:\.[0-9]{1,400})?|\.[0-9]{1,400})$/

/**
 * Parses a Basic Outcomes score, refusing anything but a plain decimal in [0.0, 1.0].
 * @throws LtiError ERR_LTI_OUTCOME_INVALID_SCORE.
 * @see https://www.imsglobal.org/specs/ltiv1p1/implementation-guide
 */
export function parseScore(text: string): number {
  const trimmed = text.trim()
  const score = DECIMAL.test(trimmed) ? Number(trimmed) : Number.NaN
  if (!(score >= 0 && score <= 1)) {
    throw new LtiError('ERR_LTI_OUTCOME_INVALID_SCORE', {
      claim: 'textString',
      detail: `textString=${trimmed.slice(0, 32)}`,
    })
  }
  return score
}

/**
 * Formats a score for `textString` without exponent notation (`String(1e-7)` would be `1e-7`).
 * @throws TypeError when the score is not a finite number in [0, 1].
 */
export function formatScore(score: number): string {
  if (typeof score !== 'number' || !(score >= 0 && score <= 1)) {
    throw new TypeError('A Basic Outcomes score is a number between 0 and 1')
  }
  const plain = String(score)
  // Below 1e-6 JavaScript switches to exponent notation ("5e-7"); expand it digit for digit so
  // the text parses back to the very same number.
  const exponent = /^([0-9])(?:\.([0-9]+))?e-([0-9]+)$/.exec(plain)
  if (exponent === null) return plain
  const [, lead = '', rest = '', power = '0'] = exponent
  return `0.${'0'.repeat(Number(power) - 1)}${lead}${rest}`
}

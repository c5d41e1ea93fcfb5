import { LtiError } from '../errors/lti-error.js'

/** Longest custom parameter text accepted from an administrator (64 KiB). */
export const MAX_CUSTOM_PARAMETER_TEXT = 64 * 1024

/**
 * Parses the "name=value" lines an administrator types for a tool or a link (as Moodle, Canvas
 * and Blackboard accept them) into a custom parameter map. Lines split on CR/LF; blank lines are
 * skipped; the name is everything before the first `=`, the value everything after it; both are
 * trimmed. The raw names are kept (LTI 1.3 sends them unchanged; LTI 1.1 normalises them with
 * `toLti11CustomParameterName` when sending).
 * @throws LtiError `ERR_LTI_INPUT_TOO_LARGE` above {@link MAX_CUSTOM_PARAMETER_TEXT} characters.
 * @throws LtiError `ERR_LTI_INVALID_PAYLOAD` (claim `line N`) for a line without `=`, with an
 *   empty name, or repeating an earlier name.
 * @example parseCustomParameterLines('quiz_id=az-123\nduedate=$ResourceLink.submission.endDateTime')
 * @see https://www.imsglobal.org/spec/lti/v1p3/#custom-properties-and-variable-substitution
 */
export function parseCustomParameterLines(text: string): Record<string, string> {
  if (typeof text !== 'string') throw new TypeError('custom parameter text must be a string')
  if (text.length > MAX_CUSTOM_PARAMETER_TEXT) {
    throw new LtiError('ERR_LTI_INPUT_TOO_LARGE', {
      claim: 'custom',
      detail: `${text.length} characters`,
    })
  }
  const entries = new Map<string, string>()
  text.split(/\r\n|\r|\n/).forEach((raw, index) => {
    const line = raw.trim()
    if (line === '') return
    const invalid = (detail: string) =>
      new LtiError('ERR_LTI_INVALID_PAYLOAD', { claim: `line ${index + 1}`, detail })
    const equals = line.indexOf('=')
    if (equals < 0) throw invalid('no "=" between name and value')
    const name = line.slice(0, equals).trim()
    if (name === '') throw invalid('empty name')
    if (entries.has(name)) throw invalid(`name "${name}" given twice`)
    entries.set(name, line.slice(equals + 1).trim())
  })
  // fromEntries defines own properties, so a name like `__proto__` stays an ordinary key.
  return Object.fromEntries(entries)
}

/**
 * Writes a custom parameter map as "name=value" lines, the inverse of
 * {@link parseCustomParameterLines}. Throws `TypeError` for a pair that cannot round-trip: an
 * empty name, a name with `=`, a line break, or spaces at either end of a name or value.
 */
export function formatCustomParameterLines(custom: Readonly<Record<string, string>>): string {
  return Object.entries(custom)
    .map(([name, value]) => {
      if (typeof value !== 'string') throw new TypeError(`custom parameter ${name} is not a string`)
      if (name === '' || name.includes('=') || !roundTrips(name) || !roundTrips(value)) {
        throw new TypeError(`custom parameter ${JSON.stringify(name)} cannot be written as a line`)
      }
      return `${name}=${value}`
    })
    .join('\n')
}

function roundTrips(text: string): boolean {
  return !/[\r\n]/.test(text) && text.trim() === text
}

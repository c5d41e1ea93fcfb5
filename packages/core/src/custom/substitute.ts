import { LtiError } from '../errors/lti-error.js'
import type { VariableName } from './variables.js'

/** Values of the variables a platform resolves for one launch. */
export type SubstitutionValues = Readonly<Partial<Record<VariableName, string>>>

export interface SubstituteOptions {
  /**
   * Variables the platform supports (and the tool may see) that have no value in this launch:
   * they become `""`. A variable neither here nor in `values` is unsupported or not authorised
   * and its `$Name` is sent unchanged.
   */
  readonly supported?: Iterable<string>
  /** Vendor variables (reverse-domain names such as `com.example.Foo.bar`) and their values. */
  readonly vendorValues?: Readonly<Record<string, string>>
}

/**
 * Resolves substitution variables in custom parameter values. A value that is exactly `$Name`
 * names a variable. CORE: a supported variable with a value gets that value; supported but
 * without a value gets `""`; an unsupported or unauthorised one is passed as the literal `$Name`.
 * Values are always strings, never `null`. Other values, including text merely containing `$`,
 * pass through unchanged.
 * @example substituteCustomParameters({ xstart: '$CourseSection.timeFrame.begin' },
 *   { 'CourseSection.timeFrame.begin': '2017-04-21T01:00:00Z' })
 * @see https://www.imsglobal.org/spec/lti/v1p3/#custom-properties-and-variable-substitution
 */
export function substituteCustomParameters(
  custom: Readonly<Record<string, string>>,
  values: SubstitutionValues,
  options: SubstituteOptions = {},
): Record<string, string> {
  const supported = new Set(options.supported ?? [])
  const vendor = options.vendorValues ?? {}
  const resolve = (value: string): string => {
    if (!value.startsWith('$')) return value
    const name = value.slice(1)
    // Own properties only: `$constructor` must not reach Object.prototype.
    const known = ownString(values, name) ?? ownString(vendor, name)
    if (known !== undefined) return known
    return supported.has(name) ? '' : value
  }
  return Object.fromEntries(
    Object.entries(custom).map(([key, value]) => {
      if (typeof value !== 'string') throw new TypeError(`custom parameter ${key} is not a string`)
      return [key, resolve(value)]
    }),
  )
}

function ownString(record: object, key: string): string | undefined {
  if (!Object.hasOwn(record, key)) return undefined
  const value: unknown = (record as Record<string, unknown>)[key]
  return typeof value === 'string' ? value : undefined
}

/**
 * Formats a `$ResourceLink.id.history` / `$Context.id.history` value: the ids of earlier copies,
 * most recent first, each URL-encoded, joined with commas (`""` when there is no history).
 * @example formatIdHistory(['b1', 'a,1']) // 'b1,a%2C1'
 * @see https://www.imsglobal.org/spec/lti/v1p3/#substitution-variables
 */
export function formatIdHistory(ids: readonly string[]): string {
  return ids
    .map((id) => {
      if (typeof id !== 'string' || id === '') throw new TypeError('history ids must be non-empty')
      return encodeURIComponent(id)
    })
    .join(',')
}

/**
 * Parses an id history value into ids, most recent first. `""` is an empty history.
 * @throws LtiError `ERR_LTI_INVALID_PAYLOAD` when an entry is empty or a %-escape is broken.
 */
export function parseIdHistory(value: string, variable = 'ResourceLink.id.history'): string[] {
  if (value === '') return []
  return value.split(',').map((entry) => {
    try {
      if (entry === '') throw new URIError('empty entry')
      return decodeURIComponent(entry)
    } catch (cause) {
      throw new LtiError('ERR_LTI_INVALID_PAYLOAD', {
        claim: `$${variable}`,
        detail: 'an entry of the id history is empty or not URL-encoded',
        cause,
      })
    }
  })
}

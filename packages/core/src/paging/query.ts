/** Query-string readers shared by the platform side of AGS and NRPS. */
import type { LtiErrorCode } from '../errors/catalogue.js'
import { LtiError } from '../errors/lti-error.js'

/** Longest filter value ltihub reads from a query string. */
const MAX_FILTER_LENGTH = 1024

/** The page size a platform uses when a tool asks for more, unless configured otherwise. */
export const DEFAULT_MAX_LIMIT = 1000

/** How a platform reads `limit`. */
export interface LimitOptions {
  /** A larger `limit` is lowered to this (limit is a hint). Default {@link DEFAULT_MAX_LIMIT}. */
  readonly maxLimit?: number | undefined
}

export function toUrl(value: string | URL): URL {
  try {
    return new URL(value)
  } catch {
    throw new TypeError('url must be an absolute URL')
  }
}

/** A query parameter given at most once, bounded; undefined when absent. */
export function singleParam(
  params: URLSearchParams,
  name: string,
  code: LtiErrorCode,
): string | undefined {
  const values = params.getAll(name)
  if (values.length > 1) throw new LtiError(code, { claim: name, detail: `${name} given twice` })
  const [value] = values
  if (value !== undefined && value.length > MAX_FILTER_LENGTH) {
    throw new LtiError(code, { claim: name, detail: `${name} longer than ${MAX_FILTER_LENGTH}` })
  }
  return value
}

/**
 * `limit`: a positive integer, lowered to `maxLimit` (the spec makes it a hint: "the platform may
 * return more or fewer"). Zero, negative, fractional or non-numeric values are refused.
 */
export function limitParam(
  params: URLSearchParams,
  code: LtiErrorCode,
  options: LimitOptions,
): number | undefined {
  const max = options.maxLimit ?? DEFAULT_MAX_LIMIT
  if (!Number.isSafeInteger(max) || max < 1) throw new TypeError('maxLimit must be an integer ≥ 1')
  const raw = singleParam(params, 'limit', code)
  if (raw === undefined) return undefined
  if (!/^\d{1,15}$/.test(raw) || Number(raw) < 1) {
    throw new LtiError(code, { claim: 'limit', detail: 'limit must be a positive integer' })
  }
  return Math.min(Number(raw), max)
}

/** Drops undefined fields (exactOptionalPropertyTypes: absent, not undefined). */
export function compact<T extends Record<string, unknown>>(
  value: T,
): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], undefined>
  }
}

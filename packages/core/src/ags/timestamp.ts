import { z } from 'zod'

/**
 * ISO 8601 date-times as AGS uses them: a time zone designator is required (`Z`, `+00:00`, and
 * the `+00` the spec shows as valid), fractional seconds are optional with up to 9 digits.
 * Comparison is exact to the nanosecond: `Date` would collapse `.7361` and `.7362` and call two
 * strictly increasing score timestamps equal.
 */
const ISO_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,9}))?(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)$/

const MAX_LENGTH = 64

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const

function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeap(year) ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0)
}

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
}

/** Field values of a matched date-time, each a number, or undefined when out of range. */
function fields(match: RegExpExecArray): number[] | undefined {
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number)
  if (
    year === undefined ||
    month === undefined ||
    day === undefined ||
    hour === undefined ||
    minute === undefined ||
    second === undefined
  ) {
    return undefined
  }
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined
  if (hour > 23 || minute > 59 || second > 59) return undefined
  return [year, month, day, hour, minute, second]
}

function offsetMinutes(match: RegExpExecArray): number | undefined {
  if (match[8] !== undefined) return 0
  const hours = Number(match[10])
  const minutes = Number(match[11] ?? '0')
  if (hours > 23 || minutes > 59) return undefined
  return (match[9] === '-' ? -1 : 1) * (hours * 60 + minutes)
}

/**
 * Nanoseconds since the epoch of an ISO 8601 date-time with a time zone, or undefined when the
 * value is not one (wrong syntax, no zone, impossible date such as 31 April).
 *
 * @example parseIsoInstant('2017-04-16T18:54:36.736+00:00') // 1492368876736000000n
 * @see https://www.imsglobal.org/spec/lti-ags/v2p0/#timestamp
 */
export function parseIsoInstant(value: string): bigint | undefined {
  if (value.length > MAX_LENGTH) return undefined
  const match = ISO_DATE_TIME.exec(value)
  if (match === null) return undefined
  const parts = fields(match)
  const offset = offsetMinutes(match)
  if (parts === undefined || offset === undefined) return undefined
  const [year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0] = parts
  const date = new Date(0)
  date.setUTCFullYear(year, month - 1, day)
  date.setUTCHours(hour, minute, second, 0)
  const epochMs = date.getTime() - offset * 60_000
  const fraction = BigInt((match[7] ?? '').padEnd(9, '0'))
  return BigInt(epochMs) * 1_000_000n + fraction
}

/** Whether a string is an ISO 8601 date-time with a time zone designator. */
export function isIsoDateTime(value: string): boolean {
  return parseIsoInstant(value) !== undefined
}

/**
 * Compares two ISO 8601 date-times as instants: negative when `a` is earlier, 0 when the same
 * instant (`…Z` equals `…+00:00`), positive when later.
 * @throws TypeError when either is not an ISO 8601 date-time with a time zone.
 */
export function compareIsoDateTimes(a: string, b: string): number {
  const left = parseIsoInstant(a)
  const right = parseIsoInstant(b)
  if (left === undefined || right === undefined) {
    throw new TypeError('compareIsoDateTimes needs ISO 8601 date-times with a time zone')
  }
  return left < right ? -1 : left > right ? 1 : 0
}

/** An ISO 8601 date-time with a time zone designator (sub-second precision optional). */
export const isoDateTimeSchema = z
  .string()
  .refine(isIsoDateTime, 'expected an ISO 8601 date-time with a time zone designator')

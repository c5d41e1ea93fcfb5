import { describe, expect, it } from 'vitest'
import { isDatabaseUnavailable } from './unavailable.js'

const coded = (code: string, message = 'x') => Object.assign(new Error(message), { code })

describe('isDatabaseUnavailable', () => {
  it('knows a database that is down, refusing or locked', () => {
    expect(isDatabaseUnavailable(coded('57P01', 'terminating connection'))).toBe(true)
    expect(isDatabaseUnavailable(coded('ECONNREFUSED'))).toBe(true)
    expect(isDatabaseUnavailable(new AggregateError([coded('ECONNREFUSED')]))).toBe(true)
    expect(isDatabaseUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true)
    expect(isDatabaseUnavailable(coded('SQLITE_BUSY', 'database is locked'))).toBe(true)
    expect(isDatabaseUnavailable(coded('SQLITE_IOERR_WRITE'))).toBe(true)
    expect(isDatabaseUnavailable(new Error('wrapped', { cause: coded('08006') }))).toBe(true)
  })

  it('leaves query errors and other services alone', () => {
    expect(isDatabaseUnavailable(coded('23505', 'duplicate key'))).toBe(false)
    expect(isDatabaseUnavailable(coded('SQLITE_CONSTRAINT_UNIQUE'))).toBe(false)
    expect(isDatabaseUnavailable(new Error('boom'))).toBe(false)
    expect(isDatabaseUnavailable(undefined)).toBe(false)
    // An outbound fetch that failed is not the database.
    expect(
      isDatabaseUnavailable(new TypeError('fetch failed', { cause: coded('ECONNREFUSED') })),
    ).toBe(false)
  })
})

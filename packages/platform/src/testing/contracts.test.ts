import { describe, it } from 'vitest'
import {
  connectionStoreContract,
  gradeBookContract,
  lineItemStoreContract,
  oneTimeStoreContract,
  resultStoreContract,
  sourcedIdStoreContract,
} from './contracts.js'
import {
  MemoryConnectionStore,
  MemoryDeepLinkingSessionStore,
  MemoryLaunchIntentStore,
  MemoryRegistrationTokenStore,
  MemorySourcedIdStore,
} from './memory-config.js'
import { MemoryGradeBook, MemoryLineItemStore, MemoryResultStore } from './memory-grades.js'

describe.each([
  ['MemoryLaunchIntentStore', () => new MemoryLaunchIntentStore()],
  ['MemoryDeepLinkingSessionStore', () => new MemoryDeepLinkingSessionStore()],
  ['MemoryRegistrationTokenStore', () => new MemoryRegistrationTokenStore()],
])('%s', (_name, create) => {
  for (const check of oneTimeStoreContract) it(check.name, () => check.run(create))
})

describe('MemoryResultStore', () => {
  for (const check of resultStoreContract)
    it(check.name, () => check.run(() => new MemoryResultStore()))
})

describe('MemoryGradeBook', () => {
  for (const check of gradeBookContract)
    it(check.name, () => check.run(() => new MemoryGradeBook()))
})

describe('MemoryLineItemStore', () => {
  for (const check of lineItemStoreContract)
    it(check.name, () => check.run(() => new MemoryLineItemStore()))
})

describe('MemorySourcedIdStore', () => {
  for (const check of sourcedIdStoreContract)
    it(check.name, () => check.run(() => new MemorySourcedIdStore()))
})

describe('MemoryConnectionStore', () => {
  for (const check of connectionStoreContract)
    it(check.name, () => check.run(() => new MemoryConnectionStore()))
})

describe('contracts can fail', () => {
  it('rejects a one-time store that hands a record out twice', async () => {
    const leaky = {
      records: new Map<string, { id: string; expiresAt: number }>(),
      save(record: { id: string; expiresAt: number }) {
        this.records.set(record.id, record)
        return Promise.resolve()
      },
      consume(id: string) {
        return Promise.resolve(this.records.get(id))
      },
    }
    const [first] = oneTimeStoreContract
    await first
      ?.run(() => leaky)
      .then(
        () => {
          throw new Error('the contract accepted a leaky store')
        },
        (error: unknown) => {
          if (!String(error).includes('port contract violated')) throw error
        },
      )
  })
})

/**
 * Behaviour every implementation of the replay- and order-sensitive ports must show, as plain
 * async checks that throw on a violation. Run them against your storage with any test runner:
 *
 * @example
 * for (const check of oneTimeStoreContract) it(check.name, () => check.run(() => new SqlIntentStore(db)))
 */
import type {
  ConnectionStore,
  GradeBook,
  LineItemStore,
  NewLineItem,
  PendingRegistration,
  ResultStore,
  ScoreRecord,
  SourcedIdStore,
} from '../ports.js'

/** One named check of a contract; `run` throws when the implementation breaks the contract. */
export interface ContractCheck<T> {
  readonly name: string
  run(create: () => T | Promise<T>): Promise<void>
}

function assert(condition: boolean, message: string): void {
  if (!condition) throw new Error(`port contract violated: ${message}`)
}

/** The one-time stores (launch intents, deep linking sessions, registration tokens). */
export interface OneTimeStore {
  save(record: { readonly id: string; readonly expiresAt: number }): Promise<void>
  consume(id: string, now: number): Promise<{ readonly id: string } | undefined>
}

const NOW = Date.UTC(2025, 0, 15)

export const oneTimeStoreContract: readonly ContractCheck<OneTimeStore>[] = [
  {
    name: 'consume returns a saved record once',
    async run(create) {
      const store = await create()
      await store.save({ id: 'a', expiresAt: NOW + 1000 })
      assert((await store.consume('a', NOW))?.id === 'a', 'first consume returns the record')
      assert((await store.consume('a', NOW)) === undefined, 'second consume returns nothing')
    },
  },
  {
    name: 'consume returns nothing for an expired or unknown record',
    async run(create) {
      const store = await create()
      await store.save({ id: 'b', expiresAt: NOW })
      assert((await store.consume('b', NOW)) === undefined, 'expiresAt <= now is expired')
      assert((await store.consume('nope', NOW)) === undefined, 'unknown id')
    },
  },
  {
    name: 'concurrent consumes hand the record to exactly one caller',
    async run(create) {
      const store = await create()
      await store.save({ id: 'c', expiresAt: NOW + 1000 })
      const results = await Promise.all([1, 2, 3, 4].map(() => store.consume('c', NOW)))
      assert(results.filter((r) => r !== undefined).length === 1, 'exactly one winner')
    },
  },
]

function score(userId: string, timestampNs: bigint, scoreGiven = 1): ScoreRecord {
  return {
    lineItemId: 'li',
    userId,
    scoreGiven,
    scoreMaximum: 10,
    activityProgress: 'Completed',
    gradingProgress: 'FullyGraded',
    timestamp: new Date(Number(timestampNs / 1_000_000n)).toISOString(),
    timestampNs,
  }
}

export const resultStoreContract: readonly ContractCheck<ResultStore>[] = [
  {
    name: 'applyScore keeps only strictly newer scores',
    async run(create) {
      const store = await create()
      assert((await store.applyScore(score('u', 1_000_000_001n, 1))) === 'applied', 'first')
      assert((await store.applyScore(score('u', 1_000_000_001n, 2))) === 'stale', 'equal is stale')
      assert((await store.applyScore(score('u', 1_000_000_000n, 3))) === 'stale', 'older is stale')
      assert((await store.get('li', 'u'))?.scoreGiven === 1, 'stale scores change nothing')
      assert(
        (await store.applyScore(score('u', 1_000_000_002n, 4))) === 'applied',
        'newer, by 1 ns',
      )
      assert((await store.get('li', 'u'))?.scoreGiven === 4, 'newer replaces')
    },
  },
  {
    name: 'list pages in a stable order and filters by user',
    async run(create) {
      const store = await create()
      for (const user of ['c', 'a', 'b']) await store.applyScore(score(user, 5n))
      const first = await store.list('li', { offset: 0, limit: 2 })
      const second = await store.list('li', { offset: 2, limit: 2 })
      const users = [...first, ...second].map((s) => s.userId)
      assert(new Set(users).size === 3 && first.length === 2, 'pages cover every row once')
      const one = await store.list('li', { offset: 0, limit: 10, userId: 'b' })
      assert(one.length === 1 && one[0]?.userId === 'b', 'userId filter')
      assert((await store.list('other', { offset: 0, limit: 10 })).length === 0, 'per line item')
    },
  },
]

export const gradeBookContract: readonly ContractCheck<GradeBook>[] = [
  {
    name: 'write refuses strictly older entries and accepts equal ones',
    async run(create) {
      const book = await create()
      const write = (points: number | null, timestampMs: number) =>
        book.write({
          assignmentId: 'a',
          userId: 'u',
          points,
          pointsPossible: 20,
          source: { connectionId: 'c', protocol: 'ags' },
          timestamp: new Date(timestampMs).toISOString(),
          timestampMs,
        })
      assert((await write(10, NOW)) === 'applied', 'first')
      assert((await write(11, NOW)) === 'applied', 'equal time applies')
      assert((await write(12, NOW - 1)) === 'stale', 'older is stale')
      assert((await book.read('a', 'u'))?.points === 11, 'stale writes change nothing')
      assert((await write(null, NOW + 1)) === 'applied', 'clearing')
      assert((await book.read('a', 'u'))?.points === null, 'cleared')
    },
  },
]

const item = (extra: Partial<NewLineItem> = {}): NewLineItem => ({
  contextId: 'ctx',
  connectionId: 'conn',
  label: 'L',
  scoreMaximum: 10,
  extensions: {},
  ...extra,
})

export const lineItemStoreContract: readonly ContractCheck<LineItemStore>[] = [
  {
    name: 'create assigns ids; update and delete act on one item',
    async run(create) {
      const store = await create()
      const a = await store.create(item())
      const b = await store.create(item())
      assert(a.id !== b.id, 'distinct ids')
      await store.update({ ...a, label: 'M' })
      assert((await store.get(a.id))?.label === 'M', 'update')
      await store.delete(a.id)
      assert(
        (await store.get(a.id)) === undefined && (await store.get(b.id)) !== undefined,
        'delete',
      )
    },
  },
  {
    name: 'list isolates connections and contexts and ANDs the filters',
    async run(create) {
      const store = await create()
      await store.create(item({ resourceId: 'r', tag: 't', resourceLinkId: 'rl' }))
      await store.create(item({ resourceId: 'r', tag: 'u' }))
      await store.create(item({ connectionId: 'other', resourceId: 'r' }))
      await store.create(item({ contextId: 'ctx2', resourceId: 'r' }))
      const base = { contextId: 'ctx', connectionId: 'conn', offset: 0, limit: 10 }
      assert((await store.list(base)).length === 2, 'own items of the context only')
      assert((await store.list({ ...base, resourceId: 'r', tag: 't' })).length === 1, 'AND')
      assert((await store.list({ ...base, resourceLinkId: 'rl' })).length === 1, 'resourceLinkId')
      assert((await store.list({ ...base, limit: 1 })).length === 1, 'limit')
      assert((await store.list({ ...base, offset: 2 })).length === 0, 'offset')
    },
  },
]

export const sourcedIdStoreContract: readonly ContractCheck<SourcedIdStore>[] = [
  {
    name: 'issue is stable per binding and distinct across bindings',
    async run(create) {
      const store = await create()
      const binding = { connectionId: 'c', resourceLinkId: 'l', userId: 'u' }
      const a = await store.issue(binding)
      assert((await store.issue({ ...binding })) === a, 'same binding, same sourcedid')
      assert((await store.issue({ ...binding, userId: 'v' })) !== a, 'another user')
      const resolved = await store.resolve(a)
      assert(resolved?.userId === 'u' && resolved.resourceLinkId === 'l', 'resolve')
      assert((await store.resolve('never-issued')) === undefined, 'unknown')
    },
  },
]

const pending: PendingRegistration = {
  name: 'Tool',
  lti13: {
    issuer: 'https://lms.example.edu',
    initiateLoginUri: 'https://tool.example.com/login',
    redirectUris: ['https://tool.example.com/launch'],
    targetLinkUri: 'https://tool.example.com/launch',
    jwksUri: 'https://tool.example.com/jwks',
    allowedScopes: [],
  },
  customParameters: {},
  requestedClaims: [],
  contacts: [],
  schoolIds: ['s1', 's2'],
  requestedBy: 'admin',
}

export const connectionStoreContract: readonly ContractCheck<ConnectionStore>[] = [
  {
    name: 'createPending stores a pending connection with a client id and a deployment',
    async run(create) {
      const store = await create()
      const a = await store.createPending(pending)
      const b = await store.createPending(pending)
      const reg = a.lti13
      assert(a.status === 'pending', 'pending')
      assert(!Object.values(a.features).some(Boolean), 'every connection type off')
      assert(reg !== undefined && reg.clientId !== b.lti13?.clientId, 'distinct client ids')
      assert(reg?.deployments.length === 1, 'one deployment')
      assert(reg?.deployments[0]?.schoolIds.join() === 's1,s2', 'covering the schools')
      const found = await store.findByClientId(pending.lti13.issuer, reg?.clientId ?? '')
      assert(found?.id === a.id, 'found by (issuer, client_id)')
      assert(
        (await store.findByClientId('https://other.example', reg?.clientId ?? '')) === undefined,
        'issuer matters',
      )
    },
  },
]

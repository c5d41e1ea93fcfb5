import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { testDialects, useTestDatabase } from '../../../testing/databases.js'
import type { LaunchIntent, NewLineItem, ScoreRecord } from '../layer.js'
import { copyLtiPlacements } from './copy.js'
import { sqlLineItemStore, sqlResultStore, timestampKey } from './grades.js'
import {
  purgeExpiredLaunchState,
  sqlLaunchIntentStore,
  sqlRegistrationTokenStore,
} from './one-time.js'
import { sqlEmbeddedContentStore, sqlResourceLinkStore } from './resource-links.js'
import { sqlSourcedIdStore } from './sourced-ids.js'

const NOW = Date.UTC(2026, 0, 15, 10)
const clock = () => NOW

const lineItem = (extra: Partial<NewLineItem> = {}): NewLineItem => ({
  contextId: 'ctx-1',
  connectionId: 'conn-1',
  label: 'Quiz',
  scoreMaximum: 10,
  extensions: {},
  ...extra,
})

const score = (timestamp: string, extra: Partial<ScoreRecord> = {}): ScoreRecord => ({
  lineItemId: 'li',
  userId: 'u-1',
  scoreGiven: 7,
  scoreMaximum: 10,
  activityProgress: 'Completed',
  gradingProgress: 'FullyGraded',
  timestamp,
  timestampNs: BigInt(Date.parse(timestamp)) * 1_000_000n,
  ...extra,
})

const intent = (id: string, expiresAt = NOW + 60_000): LaunchIntent => ({
  id,
  userId: 'u-1',
  connectionId: 'conn-1',
  clientId: 'client-1',
  deploymentId: 'dep-1',
  messageType: 'LtiResourceLinkRequest',
  target: { kind: 'resource-link', resourceLinkId: 'rl-1' },
  targetLinkUri: 'https://tool.example/launch',
  presentation: 'iframe',
  storageTarget: '_parent',
  expiresAt,
})

describe('timestampKey', () => {
  it('orders as text exactly as the instants order', () => {
    const ns = fc.bigInt({ min: -(10n ** 18n), max: 9n * 10n ** 18n })
    fc.assert(
      fc.property(ns, ns, (a, b) => {
        const [ka, kb] = [timestampKey(a), timestampKey(b)]
        expect(ka < kb).toBe(a < b)
        expect(ka === kb).toBe(a === b)
      }),
    )
  })
  it('refuses instants outside the range', () => {
    expect(() => timestampKey(-(10n ** 19n) - 1n)).toThrow(RangeError)
    expect(() => timestampKey(10n ** 21n)).toThrow(RangeError)
  })
})

const dialects = await testDialects()

describe.each(dialects)('platform LTI stores on $name', (dialect) => {
  const database = useTestDatabase(dialect)

  it('creates resource links and copies them with their history', async () => {
    const links = sqlResourceLinkStore(database().db, clock)
    const created = await links.create({
      contextId: 'ctx-1',
      connectionId: 'conn-1',
      assignmentId: 'as-1',
      title: 'Chapter 1',
      custom: { quiz: '42' },
      available: { startDateTime: '2026-01-01T00:00:00Z' },
    })
    expect(await links.get(created.id)).toEqual({ ...created, history: [] })
    const copy = await links.copy(created.id, { contextId: 'ctx-2', assignmentId: 'as-2' })
    const copyOfCopy = copy && (await links.copy(copy.id, { contextId: 'ctx-3' }))
    expect(copy?.history).toEqual([created.id])
    expect(copyOfCopy?.history).toEqual([copy?.id, created.id])
    expect((await links.get(copyOfCopy?.id ?? ''))?.assignmentId).toBeUndefined()
    expect(await links.copy('missing', { contextId: 'x' })).toBeUndefined()
    expect((await links.listByAssignment('as-1')).map((l) => l.id)).toEqual([created.id])
    expect(await links.get('missing')).toBeUndefined()
  })

  it('stores embedded images and untrusted html as received', async () => {
    const store = sqlEmbeddedContentStore(database().db, clock)
    const base = { connectionId: 'c', contextId: 'x', assignmentId: 'as-1' }
    await store.create({ ...base, kind: 'image', url: 'https://t.example/a.png', width: 10 })
    await store.create({ ...base, kind: 'html', untrustedHtml: '<script>x()</script>' })
    const list = await store.listByAssignment('as-1')
    expect(list.map((c) => c.kind).sort()).toEqual(['html', 'image'])
    expect(list.find((c) => c.kind === 'html')).toMatchObject({
      untrustedHtml: '<script>x()</script>',
    })
  })

  it('filters, pages, updates and deletes line items (results go with them)', async () => {
    const { db } = database()
    const items = sqlLineItemStore(db, clock)
    const results = sqlResultStore(db)
    const a = await items.create(lineItem({ tag: 'grade', resourceId: 'r1', gradesReleased: true }))
    const b = await items.create(
      lineItem({ resourceLinkId: 'rl-1', extensions: { 'https://x.example/k': 1 } }),
    )
    await items.create(lineItem({ connectionId: 'other' }))
    const query = { contextId: 'ctx-1', connectionId: 'conn-1', offset: 0, limit: 10 }
    expect((await items.list(query)).length).toBe(2)
    expect((await items.list({ ...query, tag: 'grade' })).map((i) => i.id)).toEqual([a.id])
    expect((await items.list({ ...query, resourceLinkId: 'rl-1', resourceId: 'r1' })).length).toBe(
      0,
    )
    expect((await items.list({ ...query, limit: 1, offset: 1 })).length).toBe(1)
    expect(await items.get(b.id)).toEqual(b)
    await items.update({ ...a, label: 'Renamed', scoreMaximum: 20 })
    expect(await items.get(a.id)).toMatchObject({
      label: 'Renamed',
      scoreMaximum: 20,
      gradesReleased: true,
    })
    await results.applyScore(score('2026-01-15T10:00:00.000Z', { lineItemId: a.id }))
    await items.delete(a.id)
    expect(await items.get(a.id)).toBeUndefined()
    expect(await results.get(a.id, 'u-1')).toBeUndefined()
  })

  it('applies a score only when it is strictly newer, atomically', async () => {
    const { db } = database()
    const item = await sqlLineItemStore(db, clock).create(lineItem())
    const results = sqlResultStore(db)
    const first = score('2026-01-15T10:00:00.000Z', { lineItemId: item.id })
    expect(await results.applyScore(first)).toBe('applied')
    expect(await results.applyScore({ ...first, scoreGiven: 1 })).toBe('stale')
    const older = score('2026-01-15T09:59:59.999Z', { lineItemId: item.id, scoreGiven: 2 })
    expect(await results.applyScore(older)).toBe('stale')
    expect((await results.get(item.id, 'u-1'))?.scoreGiven).toBe(7)
    // Sub-millisecond order is kept exactly.
    const later = {
      ...first,
      timestamp: '2026-01-15T10:00:00.0000001Z',
      timestampNs: first.timestampNs + 100n,
    }
    const { scoreGiven: _drop, scoreMaximum: _max, ...cleared } = later
    expect(await results.applyScore(cleared)).toBe('applied')
    const stored = await results.get(item.id, 'u-1')
    expect(stored).toMatchObject({ timestampNs: later.timestampNs, timestamp: later.timestamp })
    expect(stored?.scoreGiven).toBeUndefined()
    const racing = score('2026-01-15T11:00:00.000Z', { lineItemId: item.id })
    const outcomes = await Promise.all([1, 2, 3, 4].map(() => results.applyScore(racing)))
    expect(outcomes.filter((o) => o === 'applied')).toHaveLength(1)
    await results.applyScore(
      score('2026-01-15T11:00:00.000Z', { lineItemId: item.id, userId: 'u-0' }),
    )
    expect((await results.list(item.id, { offset: 0, limit: 10 })).map((r) => r.userId)).toEqual([
      'u-0',
      'u-1',
    ])
    expect((await results.list(item.id, { offset: 0, limit: 10, userId: 'u-1' })).length).toBe(1)
  })

  it('consumes a launch intent once, never expired, and stores only its hash', async () => {
    const { db } = database()
    const store = sqlLaunchIntentStore(db)
    await store.save(intent('hint-1'))
    await store.save(intent('hint-old', NOW - 1))
    const consumed = await Promise.all([1, 2, 3].map(() => store.consume('hint-1', NOW)))
    expect(consumed.filter((c) => c !== undefined)).toEqual([intent('hint-1')])
    expect(await store.consume('hint-1', NOW)).toBeUndefined()
    expect(await store.consume('hint-old', NOW)).toBeUndefined()
    expect(await store.consume('', NOW)).toBeUndefined()
    expect(await store.consume('x'.repeat(600), NOW)).toBeUndefined()
    const rows = await db.selectFrom('lti_launch_intents').selectAll().execute()
    expect(JSON.stringify(rows)).not.toContain('hint-old')
    await expect(store.save({ ...intent('bad'), expiresAt: Number.NaN })).rejects.toThrow(TypeError)
    expect(await purgeExpiredLaunchState(db, NOW)).toBe(1)
  })

  it('keeps registration tokens single-use', async () => {
    const store = sqlRegistrationTokenStore(database().db)
    await store.save({ id: 'tok', schoolIds: ['s1'], createdBy: 'admin', expiresAt: NOW + 1 })
    expect(await store.consume('tok', NOW)).toEqual({
      id: 'tok',
      schoolIds: ['s1'],
      createdBy: 'admin',
      expiresAt: NOW + 1,
    })
    expect(await store.consume('tok', NOW)).toBeUndefined()
  })

  it('issues one stable sourcedid per binding', async () => {
    const store = sqlSourcedIdStore(database().db, clock)
    const binding = { connectionId: 'c', resourceLinkId: 'rl', userId: 'u' }
    const [a, b] = await Promise.all([store.issue(binding), store.issue(binding)])
    expect(a).toBe(b)
    expect(await store.issue({ ...binding, userId: 'u2' })).not.toBe(a)
    expect(await store.resolve(a)).toEqual(binding)
    expect(await store.resolve('unknown')).toBeUndefined()
    expect(await store.resolve('')).toBeUndefined()
  })

  it('copies a section’s placements: links with history, their line items, embedded content', async () => {
    const { db } = database()
    const links = sqlResourceLinkStore(db, clock)
    const items = sqlLineItemStore(db, clock)
    const link = await links.create({
      contextId: 'ctx-1',
      connectionId: 'conn-1',
      assignmentId: 'as-1',
      title: 'Quiz',
      custom: {},
    })
    await items.create(lineItem({ resourceLinkId: link.id, assignmentId: 'as-1', tag: 'grade' }))
    await items.create(lineItem({ assignmentId: 'as-1' }))
    await sqlEmbeddedContentStore(db, clock).create({
      kind: 'image',
      url: 'https://t.example/a.png',
      connectionId: 'conn-1',
      contextId: 'ctx-1',
      assignmentId: 'as-1',
    })
    const copied = await copyLtiPlacements(
      db,
      { section: { id: 'ctx-2' }, assignmentIds: new Map([['as-1', 'as-9']]) },
      NOW,
    )
    expect(copied).toBe(1)
    const [clone] = await links.listByAssignment('as-9')
    expect(clone).toMatchObject({ contextId: 'ctx-2', history: [link.id] })
    const cloneItems = await items.listByAssignment('as-9')
    // Only the link's line item, now on the new link; the decoupled one stays behind.
    expect(cloneItems.map((i) => [i.resourceLinkId, i.contextId, i.tag])).toEqual([
      [clone?.id, 'ctx-2', 'grade'],
    ])
    expect(await sqlEmbeddedContentStore(db, clock).listByAssignment('as-9')).toHaveLength(1)
  })
})

import { describe, it } from 'vitest'
import { createKeyRing, generateSigningKey } from '../internal/core.js'
import type { GradeOutbox } from '../ports.js'
import type { ConsumerKey, GradeOutboxItem } from '../records.js'
import { toolPortContract, toolPortContracts, type ToolPortsUnderTest } from './contracts.js'
import { createMemoryPorts } from './memory-ports.js'
import { MemoryConsumerKeyStore } from './memory-registrations.js'

const keyRing = createKeyRing({ current: await generateSigningKey() })

function memoryPorts(): ToolPortsUnderTest {
  const ports = createMemoryPorts({ keyRing })
  const keys: ConsumerKey[] = []
  return {
    // The memory key store is fixed at construction: read through one over the keys added.
    ports: {
      ...ports,
      consumerKeys: {
        find: (key) => new MemoryConsumerKeyStore(keys).find(key),
        list: () => new MemoryConsumerKeyStore(keys).list(),
      },
    },
    publish: (_course, publication) => Promise.resolve(ports.publications.set(publication)),
    addConsumerKey: (key) => Promise.resolve(void keys.push(key)),
  }
}

describe('tool port contracts on the memory ports', () => {
  for (const check of toolPortContracts(memoryPorts)) it(check.name, check.run)
})

describe('tool port contracts can fail', () => {
  it('reject an outbox that hands an item to two workers', async () => {
    const subject = memoryPorts()
    const real = subject.ports.gradeOutbox
    // Claims without marking: every racing worker gets the same due items.
    const leaky: GradeOutbox = {
      enqueue: (item) => real.enqueue(item),
      latest: (key) => real.latest(key),
      get: (id) => real.get(id),
      settle: (id, settlement) => real.settle(id, settlement),
      listDead: (limit) => real.listDead(limit),
      resend: (id, now) => real.resend(id, now),
      claimDue: async (now, limit) => {
        const items = await Promise.all(['o0', 'o1', 'o2'].map((id) => real.get(id)))
        return items
          .filter(
            (item): item is GradeOutboxItem => item !== undefined && item.nextAttemptAt <= now,
          )
          .slice(0, limit)
      },
    }
    const check = toolPortContract.find((c) => c.name.startsWith('outbox: racing claims'))
    if (check === undefined) throw new Error('the racing claims check is missing')
    const error = await check
      .run({ ...subject, ports: { ...subject.ports, gradeOutbox: leaky } })
      .then(
        () => undefined,
        (reason: unknown) => reason,
      )
    if (!String(error).includes('port contract violated')) {
      throw new Error('the contract accepted an outbox that hands items out twice')
    }
  })
})

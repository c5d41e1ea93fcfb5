import { describe, expect, it } from 'vitest'
import type { ConnectionStore, ToolConnection } from './layer.js'
import { memoizedConnections } from './request-memo.js'

const connection = { id: 'c1', name: 'Tool' } as ToolConnection

function countingStore(failFirst = false) {
  const calls: string[] = []
  let failed = !failFirst
  const store: ConnectionStore = {
    async get(id) {
      calls.push(`get:${id}`)
      if (!failed) {
        failed = true
        throw new Error('database busy')
      }
      return id === 'c1' ? connection : undefined
    },
    async findByClientId(_issuer, clientId) {
      calls.push(`client:${clientId}`)
      return clientId === 'client-1' ? connection : undefined
    },
    async findByConsumerKey() {
      return undefined
    },
    async createPending() {
      throw new Error('not used')
    },
  }
  return { store, calls }
}

describe('memoizedConnections', () => {
  it('reads a connection once per id, and once for a client id that found it', async () => {
    const { store, calls } = countingStore()
    const memo = memoizedConnections(store)
    expect(await memo.findByClientId('iss', 'client-1')).toBe(connection)
    expect(await memo.get('c1')).toBe(connection)
    expect(await memo.get('c1')).toBe(connection)
    expect(await memo.get('other')).toBeUndefined()
    expect(await memo.findByClientId('iss', 'client-1')).toBe(connection)
    expect(calls).toEqual(['client:client-1', 'get:other'])
  })

  it('forgets a failed lookup, so the next call reads again', async () => {
    const { store, calls } = countingStore(true)
    const memo = memoizedConnections(store)
    await expect(memo.get('c1')).rejects.toThrow('database busy')
    expect(await memo.get('c1')).toBe(connection)
    expect(calls).toEqual(['get:c1', 'get:c1'])
  })
})

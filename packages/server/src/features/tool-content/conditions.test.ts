import { describe, expect, it } from 'vitest'
import { findCycle } from './conditions.js'

const graph = (entries: Record<string, string[]>) => new Map(Object.entries(entries))

describe('findCycle', () => {
  it('finds none in chains, diamonds and unknown ids', () => {
    expect(findCycle(graph({}))).toBeUndefined()
    expect(findCycle(graph({ a: [], b: ['a'], c: ['b', 'a'], d: ['b', 'c'] }))).toBeUndefined()
    expect(findCycle(graph({ a: ['elsewhere'] }))).toBeUndefined()
  })

  it('names the activities along a cycle, the first repeated at the end', () => {
    expect(findCycle(graph({ a: ['a'] }))).toEqual(['a', 'a'])
    expect(findCycle(graph({ a: ['b'], b: ['a'] }))).toEqual(['a', 'b', 'a'])
    expect(findCycle(graph({ start: ['x'], x: ['y'], y: ['z'], z: ['x'] }))).toEqual([
      'x',
      'y',
      'z',
      'x',
    ])
  })

  it('copes with a long chain closed into a loop', () => {
    const ids = Array.from({ length: 200 }, (_, i) => `n${i}`)
    const chain = new Map(ids.map((id, i) => [id, i === 0 ? [] : [ids[i - 1] ?? '']]))
    expect(findCycle(chain)).toBeUndefined()
    chain.set('n0', ['n199'])
    expect(findCycle(chain)).toHaveLength(201)
  })
})

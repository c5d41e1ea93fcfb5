import { describe, expect, it } from 'vitest'
import { createKeyRing, generateSigningKey } from '../internal/core.js'
import { createWorld } from '../testing/world.js'
import { handleJwks } from './jwks.js'

describe('handleJwks', () => {
  it('publishes next, current and retiring public keys only', async () => {
    const world = await createWorld()
    const current = (await world.keys.keyRing()).current
    const next = await generateSigningKey({ kid: 'platform-key-2' })
    world.keys.ring = createKeyRing({ current, next })
    const response = await handleJwks(new Request('https://lms.example.edu/lti/jwks'), world.deps)
    expect(response.headers.get('cache-control')).toBe('public, max-age=300')
    const body = (await response.json()) as { keys: Record<string, unknown>[] }
    expect(body.keys.map((key) => key.kid)).toEqual(['platform-key-2', 'platform-key-1'])
    for (const key of body.keys) {
      expect(key).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' })
      for (const member of ['d', 'p', 'q', 'dp', 'dq', 'qi']) expect(key).not.toHaveProperty(member)
    }
  })

  it('answers 405 to POST', async () => {
    const world = await createWorld()
    const response = await handleJwks(
      new Request('https://lms.example.edu/lti/jwks', { method: 'POST' }),
      world.deps,
    )
    expect(response.status).toBe(405)
    expect(await response.json()).toMatchObject({ code: 'ERR_LTI_PLATFORM_METHOD_NOT_ALLOWED' })
  })
})

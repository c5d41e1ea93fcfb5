/**
 * The node adapter in Express, mounted the two obvious ways (`app.use('/lti', ...)` and after
 * global body parsers), over real loopback HTTP.
 */
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import express from 'express'
import { afterEach, describe, expect, it } from 'vitest'
import { createMemoryPlatformStorage, memoryLms } from '../testing/memory-storage.js'
import { MemoryGradeBook } from '../testing/memory-grades.js'
import { MemoryLmsDirectory } from '../testing/memory-lms.js'
import { createLtiPlatform, type LtiPlatform } from './platform.js'

let server: Server | undefined

afterEach(async () => {
  await new Promise<void>((resolve) => {
    server?.closeAllConnections()
    server?.close(() => resolve())
  })
  server = undefined
})

/** Starts `app` on a free loopback port with a platform mounted at `/lti`. */
async function start(parsers: boolean): Promise<{ origin: string; platform: LtiPlatform }> {
  const app = express()
  if (parsers) {
    app.use(express.urlencoded({ extended: false }))
    app.use(express.json())
  }
  const listening = app.listen(0, '127.0.0.1')
  server = listening
  await new Promise<void>((resolve) => listening.once('listening', () => resolve()))
  const origin = `http://127.0.0.1:${(listening.address() as AddressInfo).port}`
  const platform = createLtiPlatform({
    publicUrl: `${origin}/lti`,
    dangerouslyAllowInsecureLoopback: true,
    storage: await createMemoryPlatformStorage(),
    lms: memoryLms({
      directory: new MemoryLmsDirectory(),
      gradeBook: new MemoryGradeBook(),
      currentUserId: () => Promise.resolve(undefined),
    }),
  })
  app.use('/lti', platform.nodeHandler)
  app.use((_request, response) => {
    response.status(404).send('app 404')
  })
  return { origin, platform }
}

describe.each([false, true])('nodeHandler in Express (body parsers before it: %s)', (parsers) => {
  it('serves the endpoints under the prefix it is mounted at', async () => {
    const { origin } = await start(parsers)
    const jwks = await fetch(`${origin}/lti/jwks`)
    expect(jwks.status).toBe(200)
    expect(((await jwks.json()) as { keys: unknown[] }).keys).toHaveLength(1)
    const missing = await fetch(`${origin}/lti/nowhere`)
    expect(missing.status).toBe(404)
    expect(((await missing.json()) as { code: string }).code).toBe(
      'ERR_LTI_PLATFORM_ROUTE_NOT_FOUND',
    )
    expect(await (await fetch(`${origin}/elsewhere`)).text()).toBe('app 404')
  })

  it('reads form and JSON bodies, parsed before or not', async () => {
    const { origin } = await start(parsers)
    // A form the token endpoint reads: the refusal names the missing assertion, so it was read.
    const token = await fetch(`${origin}/lti/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials&scope=x',
    })
    expect(token.status).toBe(400)
    expect(await token.json()).toMatchObject({ error: 'invalid_request' })
    // A JSON body at Dynamic Registration: read, then refused for its missing members.
    const registration = await fetch(`${origin}/lti/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer nope' },
      body: JSON.stringify({ client_name: 'x' }),
    })
    expect(registration.status).toBe(400)
    expect(
      ((await registration.json()) as { error_description: string }).error_description,
    ).toContain('initiate_login_uri')
  })
})

import { z } from 'zod'
import type { Principal } from '../../console/session.js'
import { ensurePerson } from '../accounts/ensure-person.js'
import type { Feature } from '../feature.js'

/**
 * For HTTP tests only (never listed in a role): `POST /testing/sign-in` with a principal as JSON
 * signs that principal in, so tests can act as any user of a fixture. It sits outside
 * `/console/sign-in/` so the sign-in rate limit does not count a test's many sign-ins.
 */
export const TEST_SIGN_IN_PATH = '/testing/sign-in'

export const testSignInFeature: Feature = {
  name: 'test-sign-in',
  async routes(app, ctx) {
    app.post(TEST_SIGN_IN_PATH, async (request, reply) => {
      const principal = z
        .strictObject({ id: z.string(), name: z.string(), roles: z.array(z.string()) })
        .parse(request.body)
      // Tests name people the fixture made (school users) or console-only ones made here.
      const person = await ensurePerson(ctx, principal)
      if (person === undefined) return reply.status(403).send()
      await ctx.sessions.signIn(request, reply, person, { method: 'demo' })
      return reply.status(204).send()
    })
  },
}

/** Signs `principal` in on `baseUrl` and returns the cookie header to send. */
export async function signInAs(baseUrl: string, principal: Principal): Promise<string> {
  const response = await fetch(`${baseUrl}${TEST_SIGN_IN_PATH}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(principal),
  })
  if (response.status !== 204) throw new Error(`test sign-in failed: ${response.status}`)
  return (response.headers.get('set-cookie') ?? '').split(';')[0] ?? ''
}

/** A JSON response as tests look at it. */
export interface ApiResult {
  readonly status: number
  readonly type: string | null
  readonly text: string
  readonly json: Record<string, unknown> | undefined
}

/**
 * Calls `/api/platform{path}` as the holder of `cookie` (none: anonymous). A string body is sent
 * as is (for malformed JSON), anything else as JSON.
 */
export async function callApi(
  baseUrl: string,
  cookie: string | undefined,
  method: string,
  path: string,
  body?: unknown,
): Promise<ApiResult> {
  const headers: Record<string, string> = {}
  if (cookie !== undefined) headers['cookie'] = cookie
  if (body !== undefined) headers['content-type'] = 'application/json'
  const response = await fetch(`${baseUrl}/api/platform${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  })
  const text = await response.text()
  const json = text ? (JSON.parse(text) as Record<string, unknown>) : undefined
  return { status: response.status, type: response.headers.get('content-type'), text, json }
}

/** The `items` of a list response. */
export function itemsOf(result: ApiResult): Record<string, unknown>[] {
  return (result.json?.['items'] ?? []) as Record<string, unknown>[]
}

import fc from 'fast-check'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSchoolFixture } from '../features/school/fixture.js'
import { signInAs, testSignInFeature } from '../features/school/test-session.js'
import { routerTable } from '../testing/route-table.js'
import { startTestServer, type TestServer } from '../testing/server.js'

/*
 * Fuzzing every route that takes a body or a query, as Fastify registered them (console forms,
 * /api, the LTI endpoints of both roles), signed in as an administrator: random JSON, form
 * fields with odd values, huge strings, wrong types, prototype-pollution keys, unicode. Never a
 * 500, never a stack trace or a secret in the body, never a hang, and a route that refused every
 * input wrote nothing (row counts unchanged). Deterministic: a fixed seed, printed on failure.
 */

const SEED = 20_261_207
const RUNS_PER_ROUTE = 4
const REQUEST_TIMEOUT_MS = 10_000
const SECRET = `fuzz-root-secret-${'z'.repeat(24)}`
/** Routes whose success changes what the fuzzer can reach (its own session). */
const SKIPPED = new Set(['/console/sign-out', '/console/sign-in/test'])

interface Route {
  readonly method: string
  readonly url: string
}

const oddKeys = fc.constantFrom(
  '__proto__',
  'constructor',
  'prototype',
  'name',
  'title',
  'url',
  'id',
  'email',
  'roles',
  'launchUrl',
  'id_token',
  'state',
  'oauth_signature',
  'lti_message_type',
  'client_assertion',
  'grant_type',
  '',
)
const oddStrings = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    '0',
    '-1',
    'NaN',
    'true',
    'null',
    '[]',
    '{}',
    '../../etc/passwd',
  ),
  fc.constantFrom('x'.repeat(70_000), '😀'.repeat(5_000), '<script>alert(1)</script>'),
  fc.webUrl(),
)
const formBody = fc
  .dictionary(fc.oneof(oddKeys, fc.string({ maxLength: 12 })), oddStrings, { maxKeys: 6 })
  .map((fields) => ({ kind: 'form' as const, fields }))
const jsonBody = fc
  .oneof(
    fc.jsonValue({ maxDepth: 3 }),
    fc.dictionary(oddKeys, fc.oneof(fc.jsonValue({ maxDepth: 2 }), oddStrings), { maxKeys: 6 }),
  )
  .map((value) => ({ kind: 'json' as const, value }))
const input = fc.record({
  body: fc.oneof(formBody, jsonBody, fc.constant({ kind: 'raw' as const, text: '{"broken": ' })),
  query: fc.dictionary(fc.oneof(oddKeys, fc.string({ maxLength: 8 })), oddStrings, {
    maxKeys: 3,
  }),
  param: fc.oneof(fc.uuid(), fc.constantFrom('x', '0', '%2e%2e', 'ÿ', 'a'.repeat(300))),
})
type Input = typeof input extends fc.Arbitrary<infer T> ? T : never

let server: TestServer
let cookie = ''
let origin = ''

beforeAll(async () => {
  server = await startTestServer({
    extraFeatures: [testSignInFeature],
    env: { LTIHUB_SECRET: SECRET },
  })
  await server.context.jobs.stop()
  const f = await createSchoolFixture(server.context.db, Date.now())
  cookie = await signInAs(server.url, { id: f.admin.id, name: 'Ada', roles: ['administrator'] })
  origin = new URL(server.config.publicUrl).origin
})

afterAll(async () => {
  await server.close()
})

/** Every route with a method that may carry input, from Fastify's own table. */
function routes(): Route[] {
  return routerTable(server.app)
    .filter(({ method, url }) => !SKIPPED.has(url) && method !== 'HEAD' && method !== 'OPTIONS')
    .map(({ method, url }) => ({ method, url: url.replace(/(:\w+)(\|:\w+)+/g, '$1') }))
}

function requestFor(route: Route, sample: Input): { url: string; init: RequestInit } {
  const path = route.url
    .replace(/:[A-Za-z]+/g, encodeURIComponent(sample.param))
    .replace('*', 'lti/launch')
  const url = new URL(path, server.url)
  for (const [name, value] of Object.entries(sample.query)) {
    url.searchParams.append(name, String(value).slice(0, 2_000))
  }
  const headers: Record<string, string> = { cookie, origin, 'sec-fetch-site': 'same-origin' }
  if (route.method === 'GET' || route.method === 'DELETE') {
    return { url: url.href, init: { method: route.method, headers } }
  }
  const { body } = sample
  if (body.kind === 'form') {
    const form = new URLSearchParams()
    for (const [name, value] of Object.entries(body.fields)) form.append(name, String(value))
    headers['content-type'] = 'application/x-www-form-urlencoded'
    return { url: url.href, init: { method: route.method, headers, body: form.toString() } }
  }
  headers['content-type'] = 'application/json'
  const text = body.kind === 'json' ? JSON.stringify(body.value) : body.text
  return { url: url.href, init: { method: route.method, headers, body: text } }
}

async function rowCounts(): Promise<Record<string, number>> {
  const tables = await server.context.db.introspection.getTables()
  const counts: Record<string, number> = {}
  for (const table of tables) {
    // Counters of the rate limiter count refusals on purpose.
    if (table.name.startsWith('rate_limit') || table.name.startsWith('kysely_')) continue
    const row = await sql<{ n: number }>`select count(*) as n from ${sql.table(table.name)}`
      .execute(server.context.db)
      .then((result) => result.rows[0])
    counts[table.name] = Number(row?.n ?? 0)
  }
  return counts
}

const STACK = /\n\s+at [\w.<>]+ \(|node:internal|\.ts:\d+:\d+/

describe('fuzzing every route that takes input', () => {
  it('never 500, never a stack trace or secret, never a hang; refusals write nothing', async () => {
    const all = routes()
    expect(all.length).toBeGreaterThan(40)
    const samples: Input[] = fc.sample(input, { seed: SEED, numRuns: RUNS_PER_ROUTE })
    const failures: string[] = []
    for (const route of all) {
      const before = await rowCounts()
      let allRefused = true
      for (const [index, sample] of samples.entries()) {
        const { url, init } = requestFor(route, sample)
        const label = `${route.method} ${route.url} (seed ${SEED}, sample ${index})`
        let response: Response
        try {
          response = await fetch(url, { ...init, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) })
        } catch (error) {
          failures.push(`${label}: no answer (${String(error)})`)
          continue
        }
        const text = await response.text()
        if (response.status >= 500 && response.status !== 503) {
          failures.push(`${label}: HTTP ${response.status}`)
        }
        if (STACK.test(text)) failures.push(`${label}: stack trace in the body`)
        if (text.includes(SECRET) || text.includes('PRIVATE KEY')) {
          failures.push(`${label}: secret in the body`)
        }
        if (response.status < 400) allRefused = false
      }
      if (allRefused) {
        const after = await rowCounts()
        for (const [table, count] of Object.entries(after)) {
          if (count !== before[table] && table !== 'sessions' && table !== 'console_sessions') {
            failures.push(
              `${route.method} ${route.url} (seed ${SEED}): refused, yet ${table} went from ${before[table]} to ${count} rows`,
            )
          }
        }
      }
    }
    expect(failures).toEqual([])
  }, 240_000)
})

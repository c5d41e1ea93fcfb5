/**
 * Hostile and malformed input on the token endpoint and the AGS/NRPS services, over real HTTP:
 * every refusal has the spec's status and a problem body, and changes nothing.
 */
import { SCOPE } from '@ltihub/core'
import { requestAccessToken } from '@ltihub/core/oauth2'
import { afterEach, describe, expect, it } from 'vitest'
import { testDialects, useTestDatabase } from '../../testing/databases.js'
import { findGradeEntry } from '../school/index.js'
import { sqlResourceLinkStore } from './stores/resource-links.js'
import { placedAndLaunched } from './testing/flows.js'
import { type RuntimeWorld, startRuntimeWorld } from './testing/harness.js'

const dialects = await testDialects()

const SCORE_TYPE = 'application/vnd.ims.lis.v1.score+json'

function postJson(url: string, token: string | undefined, body: unknown, type = SCORE_TYPE) {
  return fetch(url, {
    method: 'POST',
    headers: {
      'content-type': type,
      ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')

function tokenForm(fields: Record<string, string>) {
  return {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  }
}

const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer'

describe.each(dialects)('platform LTI services on $name', (dialect) => {
  const database = useTestDatabase(dialect)
  let world: RuntimeWorld | undefined
  afterEach(async () => {
    await world?.close()
    world = undefined
  })

  it('token endpoint: refuses bad grants, malformed, unsigned, replayed and mis-addressed assertions', async () => {
    world = await startRuntimeWorld(database(), Date.now())
    const { endpoints, tool, clientId } = world
    const post = (fields: Record<string, string>) => fetch(endpoints.token, tokenForm(fields))
    const scope = SCOPE.score
    const base = { grant_type: 'client_credentials', client_assertion_type: JWT_BEARER, scope }

    const password = await post({
      ...base,
      grant_type: 'password',
      client_assertion: await tool.clientAssertion(),
    })
    expect(password.status).toBe(400)
    expect(await password.json()).toMatchObject({ error: 'unsupported_grant_type' })

    const malformed = await post({ ...base, client_assertion: 'not-a-jwt' })
    expect(malformed.status).toBe(401)
    expect(await malformed.json()).toMatchObject({ error: 'invalid_client' })

    const now = Math.floor(Date.now() / 1000)
    const claims = {
      iss: clientId,
      sub: clientId,
      aud: endpoints.token,
      iat: now,
      exp: now + 60,
      jti: 'x1',
    }
    const unsigned = await post({
      ...base,
      client_assertion: `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`,
    })
    expect(unsigned.status).toBe(401)

    const wrongType = await post({
      ...base,
      client_assertion_type: 'urn:other',
      client_assertion: await tool.clientAssertion(),
    })
    expect(wrongType.status).toBeGreaterThanOrEqual(400)

    const elsewhere = await post({
      ...base,
      client_assertion: await tool.clientAssertion({ audience: 'https://elsewhere.example/token' }),
    })
    expect(elsewhere.status).toBe(401)

    const assertion = await tool.clientAssertion()
    const first = await post({ ...base, client_assertion: assertion })
    expect(first.status).toBe(200)
    const granted = (await first.json()) as {
      access_token: string
      scope: string
      token_type: string
    }
    expect(granted.scope).toBe(SCOPE.score)
    const replayed = await post({ ...base, client_assertion: assertion })
    expect(replayed.status).toBeGreaterThanOrEqual(400)
    expect(replayed.status).toBeLessThan(500)

    const unknownScope = await post({
      ...base,
      scope: 'https://example.com/scope/everything',
      client_assertion: await tool.clientAssertion(),
    })
    expect(unknownScope.status).toBe(400)
    expect(await unknownScope.json()).toMatchObject({ error: 'invalid_scope' })

    const huge = await fetch(
      endpoints.token,
      tokenForm({ client_assertion: 'x'.repeat(3_000_000) }),
    )
    expect(huge.status).toBe(413)
    expect(huge.headers.get('content-type')).toContain('application/problem+json')

    const get = await fetch(endpoints.token)
    expect(get.status).toBeGreaterThanOrEqual(400)
    expect(world.server.logText()).not.toContain(granted.access_token)
  })

  it('AGS: refuses bad tokens, missing scopes, others’ line items and bad scores, changing nothing', async () => {
    world = await startRuntimeWorld(database(), Date.now())
    const { fixture, tool, server, endpoints } = world
    const { ags } = await placedAndLaunched(world)
    const scores = `${ags.lineitem}/scores`
    const token = (await tool.accessToken([SCOPE.score, SCOPE.lineItem, SCOPE.resultReadOnly]))
      .accessToken
    const t0 = '2026-01-15T10:00:00.000Z'
    const valid = {
      userId: fixture.student.id,
      scoreGiven: 9,
      scoreMaximum: 10,
      activityProgress: 'Completed',
      gradingProgress: 'FullyGraded',
      timestamp: t0,
    }
    expect((await postJson(scores, token, valid)).status).toBe(204)
    const gradeBefore = await findGradeEntry(
      server.context.db,
      fixture.pointsAssignment.id,
      fixture.student.id,
    )
    expect(gradeBefore?.points).toBe(18)
    const resultsBefore = await server.context.db.selectFrom('lti_results').selectAll().execute()

    // Missing, malformed and unsigned bearer tokens: 401 with a challenge.
    const missing = await postJson(scores, undefined, valid)
    expect(missing.status).toBe(401)
    expect(missing.headers.get('www-authenticate')).toContain('Bearer')
    expect((await postJson(scores, 'garbage', valid)).status).toBe(401)
    const unsignedToken = `${b64({ alg: 'none' })}.${b64({ sub: world.clientId, scope: SCOPE.score })}.`
    expect((await postJson(scores, unsignedToken, valid)).status).toBe(401)
    const inQuery = await postJson(`${scores}?access_token=abc.def.ghi`, undefined, valid)
    expect(inQuery.status).toBeGreaterThanOrEqual(400)

    // A token without the score scope.
    const readOnly = (await tool.accessToken([SCOPE.resultReadOnly])).accessToken
    const noScope = await postJson(scores, readOnly, {
      ...valid,
      timestamp: '2026-01-15T11:00:00.000Z',
    })
    expect(noScope.status).toBe(403)
    expect(await noScope.json()).toMatchObject({ code: 'ERR_LTI_INSUFFICIENT_SCOPE' })

    // Bad scores: 400 with the core code; an old timestamp 409; a user not enrolled 422.
    const later = (s: number) => `2026-01-15T1${s}:00:00.000Z`
    const bad: [unknown, number, string][] = [
      [{ ...valid, scoreGiven: -1, timestamp: later(1) }, 400, 'ERR_LTI_AGS_INVALID_SCORE'],
      [{ ...valid, userId: undefined, timestamp: later(1) }, 400, 'ERR_LTI_AGS_INVALID_SCORE'],
      [
        { ...valid, gradingProgress: 'Done', timestamp: later(1) },
        400,
        'ERR_LTI_AGS_INVALID_SCORE',
      ],
      [
        { ...valid, scoreMaximum: undefined, timestamp: later(1) },
        400,
        'ERR_LTI_AGS_SCORE_MAXIMUM_REQUIRED',
      ],
      [{ ...valid, scoreGiven: 1 }, 409, 'ERR_LTI_AGS_SCORE_STALE'],
      [
        { ...valid, scoreGiven: 1, timestamp: '2026-01-15T09:00:00.000Z' },
        409,
        'ERR_LTI_AGS_SCORE_STALE',
      ],
      [
        { ...valid, userId: fixture.admin.id, timestamp: later(2) },
        422,
        'ERR_LTI_PLATFORM_USER_NOT_ENROLLED',
      ],
      ['{"userId":', 400, 'ERR_LTI_MALFORMED_JSON'],
    ]
    for (const [body, status, code] of bad) {
      const response = await postJson(scores, token, body)
      expect({ status: response.status, body: await response.json() }).toMatchObject({
        status,
        body: { code },
      })
    }
    const wrongType = await postJson(scores, token, { ...valid, timestamp: later(3) }, 'text/plain')
    expect(wrongType.status).toBe(415)
    expect((await fetch(scores, { headers: { authorization: `Bearer ${token}` } })).status).toBe(
      405,
    )

    // Another registration's token cannot see or score this line item (404), nor list it.
    const other = await world.addConnection('Other tool')
    const otherToken = (
      await requestAccessToken({
        clientId: other.clientId ?? '',
        tokenEndpoint: endpoints.token,
        signingKey: tool.signingKey,
        scopes: [SCOPE.score, SCOPE.lineItem],
      })
    ).accessToken
    const foreign = await postJson(scores, otherToken, { ...valid, timestamp: later(4) })
    expect(foreign.status).toBe(404)
    const foreignGet = await fetch(ags.lineitem, {
      headers: { authorization: `Bearer ${otherToken}` },
    })
    expect(foreignGet.status).toBe(404)
    const foreignList = await fetch(ags.lineitems, {
      headers: { authorization: `Bearer ${otherToken}` },
    })
    expect(await foreignList.json()).toEqual([])

    // A line item on an assignment scored by marks takes no score (422).
    const marksLink = await sqlResourceLinkStore(server.context.db, Date.now).create({
      contextId: fixture.section.id,
      connectionId: world.connectionId,
      assignmentId: fixture.marksAssignment.id,
      title: 'Essay tool',
      custom: {},
    })
    const created = await postJson(
      ags.lineitems,
      token,
      { label: 'Essay', scoreMaximum: 5, resourceLinkId: marksLink.id },
      'application/vnd.ims.lis.v2.lineitem+json',
    )
    expect(created.status).toBe(201)
    const marksItem = ((await created.json()) as { id: string }).id
    const marks = await postJson(`${marksItem}/scores`, token, { ...valid, timestamp: later(5) })
    expect(marks.status).toBe(422)
    expect(await marks.json()).toMatchObject({ code: 'ERR_LTI_PLATFORM_NOT_POINTS_ASSIGNMENT' })
    const badItem = await postJson(
      ags.lineitems,
      token,
      { label: '', scoreMaximum: 0 },
      'application/vnd.ims.lis.v2.lineitem+json',
    )
    expect(badItem.status).toBe(400)
    const otherContextLink = await postJson(
      ags.lineitems,
      token,
      { label: 'x', scoreMaximum: 1, resourceLinkId: 'no-such-link' },
      'application/vnd.ims.lis.v2.lineitem+json',
    )
    expect(otherContextLink.status).toBe(404)

    // Nothing changed by any refusal.
    expect(
      await findGradeEntry(server.context.db, fixture.pointsAssignment.id, fixture.student.id),
    ).toEqual(gradeBefore)
    const resultsAfter = await server.context.db.selectFrom('lti_results').selectAll().execute()
    expect(resultsAfter).toEqual(resultsBefore)
    expect(server.logText()).not.toContain(token)
  })
})

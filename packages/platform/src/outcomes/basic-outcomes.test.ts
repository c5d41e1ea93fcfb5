import { beforeEach, describe, expect, it } from 'vitest'
import {
  buildOutcomeRequest,
  computeBodyHash,
  formatAuthorizationHeader,
  processOutcomeResponse,
  signOAuth1,
} from '../internal/core.js'
import {
  createWorld,
  PLATFORM_BASE,
  type World,
  WORLD_LINK,
  worldConnection,
} from '../testing/world.js'
import { handleBasicOutcomes } from './basic-outcomes.js'

const SERVICE = `${PLATFORM_BASE}/lti/outcomes`

let world: World
let sourcedId: string

beforeEach(async () => {
  world = await createWorld()
  sourcedId = await world.sourcedIds.issue({
    connectionId: 'conn-quiz',
    resourceLinkId: WORLD_LINK.id,
    userId: 'u-student',
  })
})

type Operation = Parameters<typeof buildOutcomeRequest>[0]['operation']

function request(operation: Operation, key = 'quizzly-key', secret = 'quizzly-secret') {
  return buildOutcomeRequest({
    serviceUrl: SERVICE,
    consumerKey: key,
    secret,
    operation,
    clock: world.deps.clock,
  })
}

async function call(operation: Operation, key?: string, secret?: string) {
  const response = await handleBasicOutcomes(await request(operation, key, secret), world.deps)
  return { status: response.status, pox: await processOutcomeResponse(response) }
}

describe('handleBasicOutcomes', () => {
  it('replaces, reads and deletes a result in the grade book', async () => {
    const replaced = await call({ operation: 'replaceResult', sourcedId, score: 0.92 })
    expect(replaced).toMatchObject({
      status: 200,
      pox: { codeMajor: 'success', operation: 'replaceResult' },
    })
    expect(world.gradeBook.writes).toEqual([
      expect.objectContaining({
        assignmentId: 'asg-quiz-7',
        userId: 'u-student',
        points: 18.4,
        pointsPossible: 20,
        source: { connectionId: 'conn-quiz', protocol: 'basic-outcomes' },
      }),
    ])
    expect((await call({ operation: 'readResult', sourcedId })).pox).toMatchObject({
      codeMajor: 'success',
      score: 0.92,
    })
    world.advance(1000)
    expect((await call({ operation: 'deleteResult', sourcedId })).pox.codeMajor).toBe('success')
    expect(world.gradeBook.writes.at(-1)).toMatchObject({ points: null })
    expect((await call({ operation: 'readResult', sourcedId })).pox).toMatchObject({
      codeMajor: 'success',
      score: null,
    })
  })

  it('reads nothing before a score was given', async () => {
    expect((await call({ operation: 'readResult', sourcedId })).pox).toMatchObject({
      codeMajor: 'success',
      score: null,
    })
  })

  it.each([
    ['a wrong secret', 'quizzly-key', 'wrong'],
    ['an unknown consumer key', 'nope', 'quizzly-secret'],
  ])('answers 401 for %s and writes nothing', async (_name, key, secret) => {
    const response = await handleBasicOutcomes(
      await request({ operation: 'replaceResult', sourcedId, score: 1 }, key, secret),
      world.deps,
    )
    expect(response.status).toBe(401)
    expect(world.gradeBook.writes).toHaveLength(0)
  })

  it('refuses a replayed request', async () => {
    const signed = await request({ operation: 'replaceResult', sourcedId, score: 0.5 })
    expect((await handleBasicOutcomes(signed.clone(), world.deps)).status).toBe(200)
    expect((await handleBasicOutcomes(signed, world.deps)).status).toBe(401)
    expect(world.gradeBook.writes).toHaveLength(1)
  })

  it('refuses a body changed after signing', async () => {
    const signed = await request({ operation: 'replaceResult', sourcedId, score: 0.5 })
    const body = (await signed.text()).replace('0.5', '1.0')
    const tampered = new Request(signed.url, { method: 'POST', headers: signed.headers, body })
    expect((await handleBasicOutcomes(tampered, world.deps)).status).toBe(401)
    expect(world.gradeBook.writes).toHaveLength(0)
  })

  it('refuses a form-encoded body (415)', async () => {
    const signed = await request({ operation: 'readResult', sourcedId })
    const headers = new Headers(signed.headers)
    headers.set('content-type', 'application/x-www-form-urlencoded')
    const form = new Request(signed.url, { method: 'POST', headers, body: await signed.text() })
    expect((await handleBasicOutcomes(form, world.deps)).status).toBe(415)
  })

  it('refuses requests of a connection pending approval', async () => {
    world.connections.put(worldConnection({ status: 'pending' }))
    expect(
      (await handleBasicOutcomes(await request({ operation: 'readResult', sourcedId }), world.deps))
        .status,
    ).toBe(401)
  })

  it('answers failure for a score outside [0, 1] and writes nothing', async () => {
    const result = await processOutcomeResponse(
      await handleBasicOutcomes(await signedWithScoreText('1.5'), world.deps),
    )
    expect(result).toMatchObject({ codeMajor: 'failure', operation: 'replaceResult' })
    expect(world.gradeBook.writes).toHaveLength(0)
    // The same request with a valid score succeeds, so the failure is the score's.
    const ok = await processOutcomeResponse(
      await handleBasicOutcomes(await signedWithScoreText('0.75'), world.deps),
    )
    expect(ok.codeMajor).toBe('success')
  })

  it.each<[string, () => Promise<string>]>([
    ['an unknown sourcedId', () => Promise.resolve('sid-forged')],
    [
      "another connection's sourcedId",
      () =>
        world.sourcedIds.issue({
          connectionId: 'conn-other',
          resourceLinkId: WORLD_LINK.id,
          userId: 'u-student',
        }),
    ],
    [
      'a user no longer enrolled',
      () =>
        world.sourcedIds.issue({
          connectionId: 'conn-quiz',
          resourceLinkId: WORLD_LINK.id,
          userId: 'u-student2',
        }),
    ],
    [
      'an assignment scored by rubric',
      () => {
        world.resourceLinks.links.set('rl-essay', {
          ...WORLD_LINK,
          id: 'rl-essay',
          assignmentId: 'asg-essay',
        })
        return world.sourcedIds.issue({
          connectionId: 'conn-quiz',
          resourceLinkId: 'rl-essay',
          userId: 'u-student',
        })
      },
    ],
    [
      'a connection without score passback',
      () => {
        world.connections.put(
          worldConnection({
            features: {
              learningTool: true,
              scorePassback: false,
              assignmentResource: true,
              embeddableContent: true,
            },
          }),
        )
        return Promise.resolve(sourcedId)
      },
    ],
  ])('answers failure for %s and writes nothing', async (_name, arrange) => {
    const id = await arrange()
    const { status, pox } = await call({ operation: 'replaceResult', sourcedId: id, score: 0.5 })
    expect(status).toBe(200)
    expect(pox).toMatchObject({ codeMajor: 'failure', severity: 'error' })
    expect(world.gradeBook.writes).toHaveLength(0)
  })
})

/** A signed replaceResult whose score text is `text` (what a misbehaving tool would send). */
async function signedWithScoreText(text: string): Promise<Request> {
  const template = await request({ operation: 'replaceResult', sourcedId, score: 1 })
  const xml = (await template.text()).replace(
    '<textString>1</textString>',
    `<textString>${text}</textString>`,
  )
  const body = new TextEncoder().encode(xml)
  const params = await signOAuth1({
    method: 'POST',
    url: SERVICE,
    params: [['oauth_body_hash', await computeBodyHash(body, 'SHA-1')]],
    consumerKey: 'quizzly-key',
    consumerSecret: 'quizzly-secret',
    clock: world.deps.clock,
  })
  return new Request(SERVICE, {
    method: 'POST',
    headers: {
      'content-type': 'application/xml',
      authorization: formatAuthorizationHeader(params),
    },
    body,
  })
}

import { describe, expect, it } from 'vitest'
import {
  localKeyResolver,
  MemoryNonceStore,
  publicJwks,
  verifyDeepLinkingResponse,
} from '../internal/core.js'
import { createFixture, type Fixture } from '../testing/fixture.js'
import {
  deepLinkingMessage,
  type DeepLinkingMessageOptions,
  errorCodeOf,
  hiddenFields,
} from '../testing/flows.js'

const RETURN_URL = 'https://lms.example.test/deep-link-return'

async function openPicker(f: Fixture, options: Partial<DeepLinkingMessageOptions> = {}) {
  const message = deepLinkingMessage({
    targetLinkUri: f.tool.urls.launch,
    data: 'opaque-42',
    ...options,
  })
  const { response } = await f.launch13({ message })
  return { response, html: await response.clone().text() }
}

function choose(f: Fixture, session: string, items: readonly string[], action = 'add'): Request {
  const body = new URLSearchParams({ session, action })
  for (const item of items) body.append('item', item)
  return new Request(f.tool.urls.deepLinking, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body,
  })
}

async function returnedItems(f: Fixture, response: Response, acceptMultiple = true) {
  const html = await response.text()
  expect(html).toContain(`action="${RETURN_URL}"`)
  const jwt = hiddenFields(html).JWT ?? ''
  return verifyDeepLinkingResponse(jwt, {
    keys: localKeyResolver(publicJwks(f.keyRing)),
    clientId: f.platform.clientId,
    platformIssuer: f.platform.issuer,
    deploymentId: f.platform.deploymentId,
    settings: {
      deep_link_return_url: RETURN_URL,
      accept_types: ['ltiResourceLink'],
      accept_presentation_document_targets: ['iframe'],
      accept_multiple: acceptMultiple,
      data: 'opaque-42',
    },
    nonceStore: new MemoryNonceStore(f.clock),
    clock: f.clock,
  })
}

describe('deep linking', () => {
  it('lets an instructor pick several activities and returns signed ltiResourceLink items with line items', async () => {
    const f = await createFixture()
    const { response, html } = await openPicker(f, { acceptMultiple: true })
    expect(response.status).toBe(200)
    expect(html).toContain('type="checkbox" name="item" value="publication-1"')
    expect(html).toContain('value="publication-1/activity-final"')
    expect(html).toContain('value="publication-1/activity-intro"')
    const session = hiddenFields(html).session ?? ''
    const answer = await f.tool.handle(
      choose(f, session, [
        'publication-1',
        'publication-1/activity-final',
        'publication-1/activity-intro',
      ]),
    )
    const returned = await returnedItems(f, answer)
    expect(returned.data).toBe('opaque-42')
    expect(returned.items).toEqual([
      {
        type: 'ltiResourceLink',
        title: 'Safety basics for partners',
        url: f.tool.urls.launch,
        custom: { publication: 'publication-1' },
        lineItem: {
          scoreMaximum: 100,
          label: 'Safety basics for partners',
          resourceId: 'publication-1',
          tag: 'grade',
        },
      },
      {
        type: 'ltiResourceLink',
        title: 'Safety basics for partners: Final test',
        url: f.tool.urls.launch,
        custom: { publication: 'publication-1', activity: 'activity-final' },
        lineItem: {
          scoreMaximum: 20,
          label: 'Safety basics for partners: Final test',
          resourceId: 'publication-1/activity-final',
          tag: 'grade',
        },
      },
      // Not the grade activity: no line item, its results never go back.
      {
        type: 'ltiResourceLink',
        title: 'Safety basics for partners: Introduction',
        url: f.tool.urls.launch,
        custom: { publication: 'publication-1', activity: 'activity-intro' },
      },
    ])
  })

  it('leaves line items out when the platform will ignore them or grades are not sent back', async () => {
    const f = await createFixture({
      publication: { grades: { sendBack: false, onlyOnCompletion: false } },
    })
    const { html } = await openPicker(f, { acceptMultiple: true })
    const answer = await f.tool.handle(
      choose(f, hiddenFields(html).session ?? '', ['publication-1/activity-final']),
    )
    expect((await returnedItems(f, answer)).items[0]).not.toHaveProperty('lineItem')
    const g = await createFixture()
    const picked = await openPicker(g, { acceptLineItem: false })
    const answered = await g.tool.handle(
      choose(g, hiddenFields(picked.html).session ?? '', ['publication-1']),
    )
    expect((await returnedItems(g, answered, false)).items[0]).not.toHaveProperty('lineItem')
  })

  it('returns an empty selection on cancel, so the platform can close its dialog', async () => {
    const f = await createFixture()
    const { html } = await openPicker(f)
    const answer = await f.tool.handle(choose(f, hiddenFields(html).session ?? '', [], 'cancel'))
    const returned = await returnedItems(f, answer, false)
    expect(returned.items).toEqual([])
    expect(returned.msg).toBe('Nothing was added.')
  })

  it('answers at once with an error message when the platform accepts no ltiResourceLink', async () => {
    const f = await createFixture()
    const { html } = await openPicker(f, { acceptTypes: ['link'] })
    const jwt = hiddenFields(html).JWT ?? ''
    expect(jwt).not.toBe('')
    const payload = JSON.parse(
      atob(jwt.split('.')[1]?.replaceAll('-', '+').replaceAll('_', '/') ?? ''),
    ) as Record<string, unknown>
    expect(payload['https://purl.imsglobal.org/spec/lti-dl/claim/errormsg']).toBe(
      'This tool provides LTI resource links only.',
    )
  })

  it('hands the session to the application’s own picker, which answers through the tool', async () => {
    let seen: string | undefined
    const f = await createFixture({
      tool: {
        onDeepLinking: (session) => {
          seen = session.sessionId
          return new Response('my picker')
        },
      },
    })
    const { response } = await openPicker(f, { acceptMultiple: false })
    expect(await response.text()).toBe('my picker')
    expect(await f.tool.deepLinkingSession(seen ?? '')).toMatchObject({
      acceptMultiple: false,
      data: 'opaque-42',
    })
    const answer = await f.tool.respondToDeepLinking(seen ?? '', { selected: ['publication-1'] })
    expect((await returnedItems(f, answer, false)).items).toHaveLength(1)
  })

  it('launches the item it created into the chosen activity', async () => {
    const f = await createFixture()
    await f.launch13({ custom: { publication: 'publication-1', activity: 'activity-final' } })
    expect(f.launches[0]).toMatchObject({
      publication: { id: 'publication-1' },
      activity: { id: 'activity-final' },
    })
  })

  it.each([
    [
      'several items where the platform accepts one',
      ['publication-1', 'publication-1/activity-final'],
      false,
    ],
    ['an unknown item', ['publication-9'], true],
    ['no item', [], true],
  ])('refuses %s', async (_name, items, acceptMultiple) => {
    const f = await createFixture()
    const { html } = await openPicker(f, { acceptMultiple })
    const response = await f.tool.handle(choose(f, hiddenFields(html).session ?? '', items))
    expect(response.status).toBe(400)
    expect(await errorCodeOf(response)).toBe('ERR_LTI_SELECTION_INVALID')
  })

  it('refuses an unknown session and a second answer to the same session', async () => {
    const f = await createFixture()
    expect(
      await errorCodeOf(await f.tool.handle(choose(f, 'no-such-session', ['publication-1']))),
    ).toBe('ERR_LTI_SESSION_UNKNOWN')
    const { html } = await openPicker(f)
    const session = hiddenFields(html).session ?? ''
    expect((await f.tool.handle(choose(f, session, ['publication-1']))).status).toBe(200)
    expect(await errorCodeOf(await f.tool.handle(choose(f, session, ['publication-1'])))).toBe(
      'ERR_LTI_SESSION_UNKNOWN',
    )
  })

  it('refuses an expired session and a launch session used as a deep-linking one', async () => {
    const f = await createFixture()
    const { html } = await openPicker(f)
    f.advance(8 * 3_600_000)
    const expired = await f.tool.handle(
      choose(f, hiddenFields(html).session ?? '', ['publication-1']),
    )
    expect(await errorCodeOf(expired)).toBe('ERR_LTI_SESSION_UNKNOWN')
    await f.launch13({ custom: { course: 'SAFE-101' } })
    const launchSession = f.launches[0]?.sessionId ?? ''
    expect(
      await errorCodeOf(await f.tool.handle(choose(f, launchSession, ['publication-1']))),
    ).toBe('ERR_LTI_SESSION_UNKNOWN')
  })
})

import { describe, expect, it } from 'vitest'
import { parseBasicLtiLink } from '../internal/core.js'
import { COURSE, createFixture } from '../testing/fixture.js'
import { errorCodeOf } from '../testing/flows.js'

describe('publishing', () => {
  it('gives the launch information of a publication, with the chosen consumer key and secret', async () => {
    const f = await createFixture()
    const info = await f.tool.publishing.launchInformation('publication-1', 'consumer-key-1')
    expect(info).toEqual({
      publication: { id: 'publication-1', name: 'Safety basics for partners' },
      course: { id: 'course-1', title: 'Safety basics', externalId: 'SAFE-101' },
      lti11: {
        launchUrl: 'https://tool.example.com/lti/launch',
        customParameters: 'course=SAFE-101',
        launchUrlWithExternalId: 'https://tool.example.com/lti/launch/SAFE-101',
        cartridgeUrl: 'https://tool.example.com/lti/cartridge/publication-1.xml',
        consumerKey: 'consumer-key-1',
        secret: 'consumer-secret-1',
      },
      lti13: {
        registrationUrl: 'https://tool.example.com/lti/register',
        loginUrl: 'https://tool.example.com/lti/login',
        redirectUrl: 'https://tool.example.com/lti/launch',
        targetLinkUri: 'https://tool.example.com/lti/launch',
        jwksUrl: 'https://tool.example.com/lti/jwks',
        customParameters: 'course=SAFE-101',
      },
    })
    expect(await f.tool.publishing.launchInformation('nope')).toBeUndefined()
    await expect(f.tool.publishing.launchInformation('publication-1', 'nope')).rejects.toThrow(
      TypeError,
    )
  })

  it('names the publication instead when the course has no external ID', async () => {
    const f = await createFixture({ publication: { courseId: 'course-1' } })
    const content = f.ports.content as unknown as { getCourse: (id: string) => Promise<unknown> }
    content.getCourse = () => Promise.resolve({ ...COURSE, externalId: undefined })
    const info = await f.tool.publishing.launchInformation('publication-1')
    expect(info?.lti11.customParameters).toBe('publication=publication-1')
    expect(info?.lti11).not.toHaveProperty('launchUrlWithExternalId')
    expect(info?.lti11).not.toHaveProperty('secret')
  })

  it('serves the Basic LTI configuration XML at the cartridge URL, without key or secret', async () => {
    const f = await createFixture()
    const response = await f.tool.handle(
      new Request('https://tool.example.com/lti/cartridge/publication-1.xml'),
    )
    expect(response.headers.get('content-type')).toContain('application/xml')
    const xml = await response.text()
    expect(xml).not.toContain('consumer-secret-1')
    expect(parseBasicLtiLink(xml)).toMatchObject({
      title: 'Safety basics for partners',
      launchUrl: 'https://tool.example.com/lti/launch',
      secureLaunchUrl: 'https://tool.example.com/lti/launch',
      custom: { course: 'SAFE-101' },
      vendor: { code: 'tool.example.com', name: 'Test tool' },
    })
    const missing = await f.tool.handle(
      new Request('https://tool.example.com/lti/cartridge/nope.xml'),
    )
    expect(await errorCodeOf(missing)).toBe('ERR_LTI_ROUTE_NOT_FOUND')
  })

  it('reports licences: one per new subscription, per publication and consumer', async () => {
    const f = await createFixture()
    await f.launch13({ custom: { course: 'SAFE-101' }, subject: 'user-1' })
    await f.launch13({ custom: { course: 'SAFE-101' }, subject: 'user-1' })
    await f.launch13({ custom: { course: 'SAFE-101' }, subject: 'user-2' })
    await f.tool.handle(
      await f.lti11Request({ user_id: 'u11' }, { custom: { course: 'SAFE-101' } }),
    )
    expect(await f.tool.publishing.licenceReport()).toEqual([
      {
        publicationId: 'publication-1',
        publicationName: 'Safety basics for partners',
        consumer: 'lti11:consumer-key-1',
        consumerName: 'Partner Moodle',
        subscriptions: 1,
      },
      {
        publicationId: 'publication-1',
        publicationName: 'Safety basics for partners',
        consumer: 'lti13:registration-1',
        consumerName: 'Test LMS',
        subscriptions: 2,
      },
    ])
  })
})

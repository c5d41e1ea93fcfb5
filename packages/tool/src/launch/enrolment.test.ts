import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { isCodedError } from '../errors/tool-error.js'
import { createFixture, FIXTURE_START } from '../testing/fixture.js'
import { errorCodeOf, ROLE } from '../testing/flows.js'
import { externalIdOf, mappedSide } from './provision.js'

const COURSE_CLAIM = { custom: { course: 'SAFE-101' } }
const DAY = 86_400_000

describe('enrolment rules of a publication', () => {
  it('refuses a new user past the maximum, without creating an account, and keeps members in', async () => {
    const f = await createFixture({ publication: { maxEnrolledUsers: 1 } })
    expect((await f.launch13({ ...COURSE_CLAIM, subject: 'user-1' })).response.status).toBe(200)
    const refused = await f.launch13({ ...COURSE_CLAIM, subject: 'user-2' })
    expect(refused.response.status).toBe(403)
    expect(await errorCodeOf(refused.response)).toBe('ERR_LTI_ENROLMENT_FULL')
    expect(f.ports.learners.learners().map((l) => l.externalId)).toEqual(['testlms:user-1'])
    expect((await f.ports.enrolments.licenceCounts())[0]?.subscriptions).toBe(1)
    expect((await f.launch13({ ...COURSE_CLAIM, subject: 'user-1' })).response.status).toBe(200)
  })

  it('refuses launches before the enrolment start date and after the end date, creating nothing', async () => {
    const f = await createFixture({
      publication: {
        enrolmentStartsAt: FIXTURE_START + DAY,
        enrolmentEndsAt: FIXTURE_START + 2 * DAY,
      },
    })
    expect(await errorCodeOf((await f.launch13(COURSE_CLAIM)).response)).toBe(
      'ERR_LTI_ENROLMENT_NOT_STARTED',
    )
    f.advance(DAY)
    expect((await f.launch13(COURSE_CLAIM)).response.status).toBe(200)
    f.advance(DAY)
    const late = await f.launch13({ ...COURSE_CLAIM, subject: 'user-2' })
    expect(await errorCodeOf(late.response)).toBe('ERR_LTI_ENROLMENT_ENDED')
    expect(f.ports.learners.learners()).toHaveLength(1)
  })

  it('ends an enrolment after the enrolment period', async () => {
    const f = await createFixture({ publication: { enrolmentPeriodMs: 7 * DAY } })
    await f.launch13(COURSE_CLAIM)
    expect(f.launches[0]?.enrolment.expiresAt).toBe(FIXTURE_START + 7 * DAY)
    f.advance(7 * DAY)
    const expired = await f.launch13(COURSE_CLAIM)
    expect(await errorCodeOf(expired.response)).toBe('ERR_LTI_ENROLMENT_EXPIRED')
  })

  it('refuses a publication offered to other consumers only', async () => {
    const f = await createFixture({
      publication: { consumers: [{ kind: 'lti11', consumerKey: 'consumer-key-1' }] },
    })
    const { response } = await f.launch13(COURSE_CLAIM)
    expect(await errorCodeOf(response)).toBe('ERR_LTI_PUBLICATION_UNAVAILABLE')
    expect(f.ports.learners.learners()).toEqual([])
  })

  it('prefers the publication offered explicitly to the consumer over one offered to all', async () => {
    const base = (await createFixture()).ports.publications
    const [open] = await base.list()
    if (open === undefined) throw new Error('fixture without publication')
    const dedicated = {
      ...open,
      id: 'publication-dedicated',
      consumers: [{ kind: 'lti13' as const, registrationId: 'registration-1' }],
    }
    const f = await createFixture({ publications: [open, dedicated] })
    await f.launch13(COURSE_CLAIM)
    expect(f.launches[0]?.publication.id).toBe('publication-dedicated')
  })

  it('maps the roles of instructors, administrators and content developers to the instructor side', () => {
    expect(mappedSide([ROLE.instructor])).toBe('instructor')
    expect(mappedSide(['http://purl.imsglobal.org/vocab/lis/v2/membership#ContentDeveloper'])).toBe(
      'instructor',
    )
    expect(mappedSide(['http://purl.imsglobal.org/vocab/lis/v2/system/person#Administrator'])).toBe(
      'instructor',
    )
    expect(mappedSide('Instructor,urn:lti:role:ims/lis/Learner')).toBe('instructor')
    expect(mappedSide([ROLE.learner])).toBe('learner')
    expect(mappedSide([''])).toBe('learner')
    expect(mappedSide(['http://example.com/unknown#Role'])).toBe('learner')
  })
})

describe('externalIdOf', () => {
  it('joins the LMS ID prefix and the user id unambiguously', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[A-Za-z0-9._-]{1,20}$/),
        fc.string({ minLength: 1, maxLength: 255 }),
        (prefix, userId) => {
          const id = externalIdOf(prefix, userId)
          expect(id.slice(0, id.indexOf(':'))).toBe(prefix)
          expect(id.slice(id.indexOf(':') + 1)).toBe(userId)
        },
      ),
    )
  })

  it.each([undefined, '', 'x'.repeat(256)])(
    'refuses a missing or oversize user id (%#)',
    (userId) => {
      let caught: unknown
      try {
        externalIdOf('lms', userId)
      } catch (error) {
        caught = error
      }
      expect(isCodedError(caught, 'ERR_LTI_USER_ID_MISSING')).toBe(true)
    },
  )
})

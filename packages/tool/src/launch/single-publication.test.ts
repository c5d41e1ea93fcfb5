import { describe, expect, it } from 'vitest'
import type { Publication } from '../records.js'
import { CONSUMER, createFixture, PUBLICATION } from '../testing/fixture.js'
import { errorCodeOf } from '../testing/flows.js'

const LEARNER_11 = { user_id: 'u-11', roles: 'Learner' }
const SECOND: Publication = { ...PUBLICATION, id: 'publication-2', courseId: 'course-2' }

describe('a launch that names no course', () => {
  it('opens the only publication, on LTI 1.3 and LTI 1.1', async () => {
    const f = await createFixture()
    const { response } = await f.launch13({})
    expect(response.status).toBe(200)
    expect(await f.tool.handle(await f.lti11Request(LEARNER_11))).toHaveProperty('status', 200)
    expect(f.launches.map((l) => [l.ltiVersion, l.publication.id, l.course.id])).toEqual([
      ['1.3', 'publication-1', 'course-1'],
      ['1.1', 'publication-1', 'course-1'],
    ])
  })

  it('is refused when two publications are offered, and creates no account', async () => {
    const f = await createFixture({ publications: [PUBLICATION, SECOND] })
    const { response } = await f.launch13({})
    expect(response.status).toBe(404)
    expect(await errorCodeOf(response)).toBe('ERR_LTI_PUBLICATION_NOT_FOUND')
    const lti11 = await f.tool.handle(await f.lti11Request(LEARNER_11))
    expect(await errorCodeOf(lti11)).toBe('ERR_LTI_PUBLICATION_NOT_FOUND')
    expect(await f.ports.learners.findByExternalId('testlms:user-1')).toBeUndefined()
    expect(await f.ports.learners.findByExternalId('moodle1:u-11')).toBeUndefined()
    expect(f.launches).toHaveLength(0)
  })

  it('still opens a named course when several are offered', async () => {
    const f = await createFixture({ publications: [PUBLICATION, SECOND] })
    const { response } = await f.launch13({ custom: { course: 'FORK-201' } })
    expect(response.status).toBe(200)
    expect(f.launches[0]?.publication.id).toBe('publication-2')
  })

  it('counts only the publications offered to this consumer: disabled and restricted ones do not', async () => {
    const f = await createFixture({
      publications: [
        { ...SECOND, consumers: [{ kind: 'lti11', consumerKey: CONSUMER.key }] },
        { ...PUBLICATION, id: 'publication-3', enabled: false },
        PUBLICATION,
      ],
    })
    expect((await f.launch13({})).response.status).toBe(200)
    expect(f.launches[0]?.publication.id).toBe('publication-1')
    // The LTI 1.1 consumer is offered two (its own and the open one): it must name one.
    const lti11 = await f.tool.handle(await f.lti11Request(LEARNER_11))
    expect(await errorCodeOf(lti11)).toBe('ERR_LTI_PUBLICATION_NOT_FOUND')
  })

  it('is refused when no publication is offered', async () => {
    const f = await createFixture({ publications: [{ ...PUBLICATION, enabled: false }] })
    expect(await errorCodeOf((await f.launch13({})).response)).toBe('ERR_LTI_PUBLICATION_NOT_FOUND')
  })
})

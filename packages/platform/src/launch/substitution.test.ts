import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { standardEndpoints } from '../config.js'
import { WORLD_CONTEXT, WORLD_LINK, WORLD_USERS, worldConnection } from '../testing/world.js'
import { learningToolLinkId, type LaunchPlan } from './resolve.js'
import { customParametersFor, substitutionFor, SUPPORTED_VARIABLES } from './substitution.js'

const settings = {
  issuer: 'https://lms.example.edu',
  endpoints: standardEndpoints('https://lms.example.edu'),
  instance: { guid: 'g', name: 'LMS', productFamilyCode: 'ltihub', version: '1' },
}

const plan: LaunchPlan = {
  user: WORLD_USERS.student,
  connection: worldConnection(),
  schoolId: 'school-hs',
  context: WORLD_CONTEXT,
  resourceLink: WORLD_LINK,
  role: { part: 'student', menteeIds: [] },
}

const extras = { presentation: 'iframe', roles: ['r1', 'r2'] } as const

describe('substitution', () => {
  it('advertises exactly the variables it resolves', () => {
    expect([...substitutionFor(settings, plan, extras).supported].sort()).toEqual(
      [...SUPPORTED_VARIABLES].sort(),
    )
  })

  it('resolves supported variables, blanks missing ones and keeps unknown ones literal (TV-17)', () => {
    const custom = customParametersFor(
      settings,
      {
        ...plan,
        connection: worldConnection({ customParameters: {} }),
        resourceLink: {
          ...WORLD_LINK,
          custom: {
            a: '$Context.id.history',
            b: '$CourseSection.timeFrame.begin',
            c: '$Canvas.course.id',
            d: 'plain $ text',
            e: '$Membership.role',
            f: '$ResourceLink.id.history',
          },
        },
      },
      extras,
    )
    expect(custom).toEqual({
      a: 'ctx-bio-1,ctx-bio-0',
      b: '',
      c: '$Canvas.course.id',
      d: 'plain $ text',
      e: 'r1,r2',
      f: 'rl-quiz-7-2024,rl%2Cquiz-2023',
    })
  })

  it('gives a link id per Learning Tools entry that never collides', () => {
    const part = fc.string({ maxLength: 8 })
    fc.assert(
      fc.property(part, part, part, part, part, part, (c1, s1, x1, c2, s2, x2) => {
        const a = { kind: 'learning-tool', connectionId: c1, schoolId: s1, contextId: x1 } as const
        const b = { kind: 'learning-tool', connectionId: c2, schoolId: s2, contextId: x2 } as const
        const same = c1 === c2 && s1 === s2 && x1 === x2
        expect(learningToolLinkId(a) === learningToolLinkId(b)).toBe(same)
      }),
    )
  })
})

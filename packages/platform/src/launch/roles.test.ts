import { describe, expect, it } from 'vitest'
import { WORLD_CONTEXT, WORLD_USERS } from '../testing/world.js'
import { MemoryLmsDirectory } from '../testing/memory-lms.js'
import { lti11Roles, lti13Roles, roleInContext, roleWithoutContext } from './roles.js'

const NS = 'http://purl.imsglobal.org/vocab/lis/v2/'

describe('roles', () => {
  it.each([
    [
      'teacher',
      WORLD_USERS.teacher,
      [`${NS}membership#Instructor`, `${NS}institution/person#Faculty`],
    ],
    [
      'assistant',
      WORLD_USERS.teacher,
      [
        `${NS}membership/Instructor#TeachingAssistant`,
        `${NS}membership#Instructor`,
        `${NS}institution/person#Faculty`,
      ],
    ],
    [
      'student',
      WORLD_USERS.student,
      [`${NS}membership#Learner`, `${NS}institution/person#Student`],
    ],
    ['mentor', WORLD_USERS.parent, [`${NS}membership#Mentor`, `${NS}institution/person#Mentor`]],
    [
      'admin',
      WORLD_USERS.admin,
      [
        `${NS}membership#Administrator`,
        `${NS}institution/person#Administrator`,
        `${NS}system/person#Administrator`,
      ],
    ],
  ] as const)('maps a %s to LTI 1.3 roles', (part, user, expected) => {
    expect(lti13Roles(user, { part, menteeIds: [] })).toEqual(expected)
  })

  it('maps an assistant to the LTI 1.1 TeachingAssistant role', () => {
    expect(lti11Roles(WORLD_USERS.teacher, { part: 'assistant', menteeIds: [] })).toBe(
      'urn:lti:role:ims/lis/TeachingAssistant,urn:lti:instrole:ims/lis/Faculty',
    )
  })

  it('derives parts from enrolments, mentees and administration', async () => {
    const directory = new MemoryLmsDirectory({
      users: Object.values(WORLD_USERS),
      enrolments: [
        { contextId: WORLD_CONTEXT.id, userId: 'u-student', role: 'student', status: 'active' },
      ],
    })
    await expect(roleInContext(directory, WORLD_USERS.student, WORLD_CONTEXT)).resolves.toEqual({
      part: 'student',
      menteeIds: [],
    })
    await expect(roleInContext(directory, WORLD_USERS.parent, WORLD_CONTEXT)).resolves.toEqual({
      part: 'mentor',
      menteeIds: ['u-student'],
    })
    await expect(roleInContext(directory, WORLD_USERS.admin, WORLD_CONTEXT)).resolves.toMatchObject(
      { part: 'admin' },
    )
    await expect(
      roleInContext(directory, WORLD_USERS.teacher, WORLD_CONTEXT),
    ).rejects.toMatchObject({
      code: 'ERR_LTI_PLATFORM_LAUNCH_DENIED',
    })
    // A parent whose child is not in the section has no part there.
    const other = { ...WORLD_USERS.parent, menteeIds: ['u-student2'] }
    await expect(roleInContext(directory, other, WORLD_CONTEXT)).rejects.toMatchObject({
      code: 'ERR_LTI_PLATFORM_LAUNCH_DENIED',
    })
    expect(roleWithoutContext(WORLD_USERS.parent)).toEqual({
      part: 'mentor',
      menteeIds: ['u-student'],
    })
  })
})

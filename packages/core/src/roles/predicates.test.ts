import { describe, expect, it } from 'vitest'
import {
  hasRole,
  isAdministrator,
  isContentDeveloper,
  isInstructor,
  isLearner,
  isMentor,
  isTeachingAssistant,
  isTestUser,
} from './predicates.js'
import {
  CONTEXT_ROLE,
  CONTEXT_SUB_ROLE,
  INSTITUTION_ROLE,
  LTI_SYSTEM_ROLE,
  SYSTEM_ROLE,
} from './vocabulary.js'

describe('role predicates accept every form', () => {
  it.each([
    ['1.3 URI', [CONTEXT_ROLE.Instructor]],
    ['short name', ['Instructor']],
    ['1.1 URN', ['urn:lti:role:ims/lis/Instructor']],
    ['1.1 parameter', 'urn:lti:role:ims/lis/Learner,Instructor'],
    ['sub-role', [CONTEXT_SUB_ROLE.Instructor.PrimaryInstructor]],
    ['lower case', ['instructor']],
  ])('isInstructor: %s', (_label, roles) => {
    expect(isInstructor(roles)).toBe(true)
  })

  it('isInstructor is false for learners, institution instructors and nothing', () => {
    expect(isInstructor(['Learner'])).toBe(false)
    expect(isInstructor([INSTITUTION_ROLE.Instructor])).toBe(false)
    expect(isInstructor([CONTEXT_SUB_ROLE.Learner.Instructor])).toBe(false)
    expect(isInstructor([''])).toBe(false)
    expect(isInstructor('')).toBe(false)
  })

  it('isLearner', () => {
    expect(isLearner('Learner')).toBe(true)
    expect(isLearner(['urn:lti:role:ims/lis/Learner/NonCreditLearner'])).toBe(true)
    expect(isLearner([INSTITUTION_ROLE.Student])).toBe(false)
    expect(isLearner(['Instructor'])).toBe(false)
  })

  it('isTeachingAssistant', () => {
    expect(isTeachingAssistant('TeachingAssistant')).toBe(true)
    expect(isTeachingAssistant([CONTEXT_SUB_ROLE.Instructor.TeachingAssistantSection])).toBe(true)
    expect(isTeachingAssistant(['Instructor'])).toBe(false)
    // A TA is an Instructor in the LTI 1.3 vocabulary.
    expect(isInstructor('urn:lti:role:ims/lis/TeachingAssistant')).toBe(true)
  })

  it('isMentor and isContentDeveloper', () => {
    expect(isMentor(['urn:lti:role:ims/lis/Mentor/Advisor'])).toBe(true)
    expect(isMentor(['Learner'])).toBe(false)
    expect(isContentDeveloper(['ContentDeveloper'])).toBe(true)
    expect(isContentDeveloper([CONTEXT_SUB_ROLE.ContentDeveloper.Librarian])).toBe(true)
    expect(isContentDeveloper(['Mentor'])).toBe(false)
  })

  it('isAdministrator at every level', () => {
    expect(isAdministrator(['Administrator'])).toBe(true)
    expect(isAdministrator(['urn:lti:sysrole:ims/lis/SysAdmin'])).toBe(true)
    expect(isAdministrator([SYSTEM_ROLE.Administrator])).toBe(true)
    expect(isAdministrator(['urn:lti:instrole:ims/lis/Administrator'])).toBe(true)
    expect(isAdministrator([CONTEXT_SUB_ROLE.Administrator.Support])).toBe(true)
    expect(isAdministrator([SYSTEM_ROLE.SysSupport, 'Instructor'])).toBe(false)
  })

  it('isTestUser and hasRole', () => {
    expect(isTestUser([LTI_SYSTEM_ROLE.TestUser, 'Learner'])).toBe(true)
    expect(isTestUser(['Learner'])).toBe(false)
    expect(hasRole('urn:lti:instrole:ims/lis/Faculty', INSTITUTION_ROLE.Faculty)).toBe(true)
    expect(hasRole(['https://example.com/r'], 'https://example.com/r')).toBe(true)
    expect(hasRole(['Learner'], '')).toBe(false)
  })
})

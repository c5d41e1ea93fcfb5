import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import vectors from './vectors/tv-18-role-mapping.json' with { type: 'json' }
import {
  normalizeRoles,
  parseLti11Roles,
  principalOf,
  toLti11Roles,
  toLti13Role,
} from './mapping.js'
import {
  ALL_LTI13_ROLES,
  CONTEXT_ROLE,
  CONTEXT_SUB_ROLE,
  INSTITUTION_ROLE,
  LTI_SYSTEM_ROLE,
  SYSTEM_ROLE,
} from './vocabulary.js'

describe('TV-18 role mapping vectors', () => {
  it.each([...vectors.toLti13, ...vectors.toLti13Extra])('%s → %s', (input, expected) => {
    expect(toLti13Role(input ?? '')).toBe(expected)
  })

  it.each(vectors.toLti11.map(([input, output]) => [input, output] as const))(
    'toLti11Roles(%j) = %j',
    (input, expected) => {
      expect(toLti11Roles(input ?? [])).toEqual(expected)
    },
  )
})

describe('toLti13Role', () => {
  it('maps every known URI to itself', () => {
    for (const uri of ALL_LTI13_ROLES) expect(toLti13Role(uri)).toBe(uri)
  })

  it('ignores case and surrounding spaces', () => {
    expect(toLti13Role('  URN:LTI:SYSROLE:IMS/LIS/sysadmin ')).toBe(SYSTEM_ROLE.SysAdmin)
    expect(toLti13Role('teachingassistant')).toBe(CONTEXT_SUB_ROLE.Instructor.TeachingAssistant)
  })

  it('maps bare sub-role names and 1.1 TeachingAssistant sub-roles', () => {
    expect(toLti13Role('Instructor/Lecturer')).toBe(CONTEXT_SUB_ROLE.Instructor.Lecturer)
    expect(toLti13Role('urn:lti:role:ims/lis/TeachingAssistant/Grader')).toBe(
      CONTEXT_SUB_ROLE.Instructor.Grader,
    )
  })

  it('returns undefined for values outside the vocabulary', () => {
    for (const value of [
      '',
      'Student', // an institution role has no bare form
      'urn:lti:role:ims/lis/Wizard',
      'urn:lti:role:ims/lis/Instructor/Wizard',
      'http://purl.imsglobal.org/vocab/lis/v2/membership#Wizard',
      'https://example.com/roles#Instructor',
      '__proto__',
      'constructor',
    ]) {
      expect(toLti13Role(value)).toBeUndefined()
    }
  })
})

describe('normalizeRoles', () => {
  it('accepts the LTI 1.1 comma-separated parameter', () => {
    expect(normalizeRoles('Instructor, urn:lti:instrole:ims/lis/Faculty,,')).toEqual([
      CONTEXT_ROLE.Instructor,
      INSTITUTION_ROLE.Faculty,
    ])
  })

  it('keeps unknown values verbatim, drops empty ones and duplicates', () => {
    expect(
      normalizeRoles(['', 'https://example.com/role#Wizard', 'Learner', CONTEXT_ROLE.Learner]),
    ).toEqual(['https://example.com/role#Wizard', CONTEXT_ROLE.Learner])
    expect(normalizeRoles([''])).toEqual([])
  })

  it('adds principal roles on request', () => {
    expect(
      normalizeRoles(['urn:lti:role:ims/lis/TeachingAssistant'], { addPrincipalRoles: true }),
    ).toEqual([CONTEXT_ROLE.Instructor, CONTEXT_SUB_ROLE.Instructor.TeachingAssistant])
    expect(normalizeRoles(['urn:lti:role:ims/lis/TeachingAssistant'])).toEqual([
      CONTEXT_SUB_ROLE.Instructor.TeachingAssistant,
    ])
  })

  it('rejects misuse with TypeError', () => {
    expect(() => normalizeRoles([1] as unknown as string[])).toThrow(TypeError)
    expect(() => normalizeRoles({} as unknown as string[])).toThrow(TypeError)
  })
})

describe('toLti11Roles', () => {
  it('keeps values without an LTI 1.1 form', () => {
    expect(toLti11Roles([LTI_SYSTEM_ROLE.TestUser, 'x-custom'])).toEqual([
      LTI_SYSTEM_ROLE.TestUser,
      'x-custom',
    ])
  })

  it('drops a principal when a sub-role of it is present', () => {
    expect(toLti11Roles([CONTEXT_ROLE.Instructor, CONTEXT_SUB_ROLE.Instructor.Lecturer])).toEqual([
      'urn:lti:role:ims/lis/Instructor/Lecturer',
    ])
  })

  it('writes TeachingAssistant variants under the 1.1 TeachingAssistant principal', () => {
    expect(toLti11Roles([CONTEXT_SUB_ROLE.Instructor.TeachingAssistantOffering])).toEqual([
      'urn:lti:role:ims/lis/TeachingAssistant/TeachingAssistantOffering',
    ])
  })
})

describe('principalOf / parseLti11Roles', () => {
  it('finds the principal of a sub-role URI', () => {
    expect(principalOf(CONTEXT_SUB_ROLE.Mentor.Tutor)).toBe(CONTEXT_ROLE.Mentor)
    expect(principalOf(CONTEXT_ROLE.Mentor)).toBeUndefined()
    expect(principalOf('http://purl.imsglobal.org/vocab/lis/v2/membership/#X')).toBeUndefined()
  })

  it('splits and trims', () => {
    expect(parseLti11Roles(' a , ,b')).toEqual(['a', 'b'])
  })
})

describe('round trips (fast-check)', () => {
  const known = fc.constantFrom(...ALL_LTI13_ROLES)

  it('1.3 → 1.1 → 1.3 is the identity on every known role', () => {
    fc.assert(
      fc.property(known, (uri) => {
        const lti11 = toLti11Roles([uri])
        expect(lti11).toHaveLength(1)
        expect(toLti13Role(lti11[0] ?? '')).toBe(uri)
      }),
    )
  })

  it('1.1 → 1.3 → 1.1 is the identity on every 1.1 URN ltihub writes', () => {
    const urns = ALL_LTI13_ROLES.flatMap((uri) => toLti11Roles([uri])).filter((value) =>
      value.startsWith('urn:'),
    )
    fc.assert(
      fc.property(fc.constantFrom(...urns), (urn) => {
        expect(toLti11Roles([urn])).toEqual([urn])
      }),
    )
  })

  it('normalisation is idempotent and never loses a non-empty value', () => {
    const value = fc.oneof(known, fc.string({ maxLength: 20 }))
    fc.assert(
      fc.property(fc.array(value, { maxLength: 8 }), (values) => {
        const once = normalizeRoles(values)
        expect(normalizeRoles(once)).toEqual(once)
        const nonEmpty = values.filter((v) => v.trim() !== '')
        expect(once.length === 0).toBe(nonEmpty.length === 0)
      }),
    )
  })

  it('set of sub-roles with principals maps to the same 1.1 list with or without principals', () => {
    const subRoles = Object.values(CONTEXT_SUB_ROLE).flatMap((s) => Object.values(s))
    fc.assert(
      fc.property(fc.uniqueArray(fc.constantFrom(...subRoles), { maxLength: 5 }), (values) => {
        const withPrincipals = normalizeRoles(values, { addPrincipalRoles: true })
        expect(toLti11Roles(withPrincipals)).toEqual(toLti11Roles(values))
      }),
    )
  })
})

import { describe, expect, it } from 'vitest'
import { CONTEXT_TYPE } from '../claims/context-types.js'
import { normalizeContextTypes, toLti11ContextType } from './context-types.js'

describe('context types', () => {
  it('normalises lists in every accepted form, keeping unknown values', () => {
    expect(
      normalizeContextTypes(
        'CourseOffering, urn:lti:context-type:ims/lis/CourseSection,x,,CourseOffering',
      ),
    ).toEqual([CONTEXT_TYPE.courseOffering, CONTEXT_TYPE.courseSection, 'x'])
    expect(normalizeContextTypes([CONTEXT_TYPE.group, ' '])).toEqual([CONTEXT_TYPE.group])
  })

  it('rejects non-string entries as misuse', () => {
    expect(() => normalizeContextTypes([3] as unknown as string[])).toThrow(TypeError)
  })

  it.each([
    [CONTEXT_TYPE.courseTemplate, 'urn:lti:context-type:ims/lis/CourseTemplate'],
    ['Group', 'urn:lti:context-type:ims/lis/Group'],
    ['urn:lti:context-type:ims/lis/CourseOffering', 'urn:lti:context-type:ims/lis/CourseOffering'],
  ])('writes the LTI 1.1 URN of %s', (input, expected) => {
    expect(toLti11ContextType(input)).toBe(expected)
  })

  it('returns undefined outside the vocabulary', () => {
    expect(toLti11ContextType('https://example.com/type')).toBeUndefined()
    expect(toLti11ContextType('Course')).toBeUndefined()
  })
})

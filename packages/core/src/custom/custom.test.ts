import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { isLtiError } from '../errors/lti-error.js'
import vectors from './vectors/tv-17-substitution.json' with { type: 'json' }
import {
  formatCustomParameterLines,
  MAX_CUSTOM_PARAMETER_TEXT,
  parseCustomParameterLines,
} from './lines.js'
import { toLti11CustomParameterName } from './names.js'
import { formatIdHistory, parseIdHistory, substituteCustomParameters } from './substitute.js'
import { isVariableName, SUBSTITUTION_VARIABLES, type VariableName } from './variables.js'

function codeOf(run: () => unknown): string | undefined {
  try {
    run()
  } catch (error) {
    if (isLtiError(error)) return `${error.code} ${error.claim ?? ''}`.trim()
    throw error
  }
  return undefined
}

describe('TV-17 substitution', () => {
  it.each(vectors.cases)('$name', ({ values, supported, expected }) => {
    expect(substituteCustomParameters(vectors.custom, values, { supported })).toEqual(expected)
  })

  it.each(vectors.lti11Names)('LTI 1.1 name %s → %s', (name, expected) => {
    expect(toLti11CustomParameterName(name ?? '')).toBe(expected)
  })

  it.each(vectors.idHistory)('id history $value', ({ ids, value }) => {
    expect(formatIdHistory(ids)).toBe(value)
    expect(parseIdHistory(value)).toEqual(ids)
  })
})

describe('substituteCustomParameters', () => {
  it('leaves plain values and embedded $ alone', () => {
    const custom = { a: 'plain', b: 'cost: $5', c: '$User.id ', d: '' }
    expect(substituteCustomParameters(custom, { 'User.id': 'u1' })).toEqual(custom)
  })

  it('resolves vendor variables and never reads inherited properties', () => {
    const custom = { v: '$com.example.Foo.bar', p: '$constructor', q: '$toString' }
    expect(
      substituteCustomParameters(custom, {}, { vendorValues: { 'com.example.Foo.bar': 'x' } }),
    ).toEqual({ v: 'x', p: '$constructor', q: '$toString' })
  })

  it('keeps keys such as __proto__ as data', () => {
    const custom = JSON.parse('{"__proto__":"$User.id"}') as Record<string, string>
    const result = substituteCustomParameters(custom, { 'User.id': 'u1' })
    expect(Object.hasOwn(result, '__proto__')).toBe(true)
    expect(Object.getPrototypeOf(result)).toBe(Object.prototype)
  })

  it('rejects non-string values as misuse', () => {
    expect(() =>
      substituteCustomParameters({ a: null } as unknown as Record<string, string>, {}),
    ).toThrow(TypeError)
  })

  it('never returns anything but strings (fast-check)', () => {
    const name = fc.constantFrom(...SUBSTITUTION_VARIABLES)
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.string(),
          fc.oneof(
            fc.string(),
            name.map((n) => `$${n}`),
          ),
        ),
        fc.dictionary(name, fc.string()),
        fc.array(name),
        (custom, values, supported) => {
          const result = substituteCustomParameters(custom, values, { supported })
          expect(Object.keys(result)).toEqual(Object.keys(custom))
          for (const value of Object.values(result)) expect(typeof value).toBe('string')
        },
      ),
    )
  })
})

describe('variable catalogue', () => {
  it('lists the spec variables once each', () => {
    const examples: VariableName[] = [
      'User.id',
      'Person.name.given',
      'Context.id',
      'Context.id.history',
      'ResourceLink.id',
      'ResourceLink.id.history',
      'CourseSection.sourcedId',
      'Person.email.primary',
      'ResourceLink.available.startDateTime',
      'ActualUser.id',
      'Membership.role.scope.mentor',
      'LineItem.url',
    ]
    for (const name of examples) expect(isVariableName(name)).toBe(true)
    expect(new Set(SUBSTITUTION_VARIABLES).size).toBe(SUBSTITUTION_VARIABLES.length)
    expect(isVariableName('Canvas.course.id')).toBe(false)
    expect(isVariableName('$User.id')).toBe(false)
  })
})

describe('id history', () => {
  it('is empty for ""', () => {
    expect(parseIdHistory('')).toEqual([])
    expect(formatIdHistory([])).toBe('')
  })

  it('rejects broken escapes and empty entries with ERR_LTI_INVALID_PAYLOAD', () => {
    expect(codeOf(() => parseIdHistory('a,%E0%A4%A'))).toBe(
      'ERR_LTI_INVALID_PAYLOAD $ResourceLink.id.history',
    )
    expect(codeOf(() => parseIdHistory('a,,b', 'Context.id.history'))).toBe(
      'ERR_LTI_INVALID_PAYLOAD $Context.id.history',
    )
    expect(() => formatIdHistory([''])).toThrow(TypeError)
  })

  it('round-trips any ids (fast-check)', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ minLength: 1 })), (ids) => {
        expect(parseIdHistory(formatIdHistory(ids))).toEqual(ids)
      }),
    )
  })
})

describe('toLti11CustomParameterName', () => {
  it('replaces each non-alphanumeric code point with one underscore', () => {
    expect(toLti11CustomParameterName('Ünïcode 😀')).toBe('custom__n_code__')
    expect(toLti11CustomParameterName('a.b')).toBe('custom_a_b')
    expect(() => toLti11CustomParameterName('')).toThrow(TypeError)
  })

  it('always yields custom_[a-z0-9_]* of the same code point length, idempotently (fast-check)', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, unit: 'grapheme' }), (name) => {
        const result = toLti11CustomParameterName(name)
        expect(result).toMatch(/^custom_[a-z0-9_]+$/)
        const suffix = result.slice('custom_'.length)
        expect([...suffix]).toHaveLength([...name].length)
        expect(toLti11CustomParameterName(suffix)).toBe(result)
      }),
    )
  })

  it('keeps ASCII alphanumerics, lower-cased (fast-check)', () => {
    const alnum = fc.stringMatching(/^[A-Za-z0-9]{1,20}$/)
    fc.assert(
      fc.property(alnum, (name) => {
        expect(toLti11CustomParameterName(name)).toBe(`custom_${name.toLowerCase()}`)
      }),
    )
  })
})

describe('parseCustomParameterLines', () => {
  it('parses lines, trims, skips blanks and keeps "=" in values', () => {
    const text = 'quiz_id = az-123\r\n\n  duedate=$ResourceLink.submission.endDateTime\rq=a=b\n'
    expect(parseCustomParameterLines(text)).toEqual({
      quiz_id: 'az-123',
      duedate: '$ResourceLink.submission.endDateTime',
      q: 'a=b',
    })
    expect(parseCustomParameterLines('')).toEqual({})
    expect(parseCustomParameterLines('empty=')).toEqual({ empty: '' })
  })

  it('keeps __proto__ as an ordinary name', () => {
    const result = parseCustomParameterLines('__proto__=x')
    expect(Object.hasOwn(result, '__proto__')).toBe(true)
    expect(Object.getPrototypeOf(result)).toBe(Object.prototype)
  })

  it.each([
    ['no equals sign', 'a=1\nnonsense', 'line 2'],
    ['empty name', '=value', 'line 1'],
    ['duplicate name', 'a=1\n\na=2', 'line 3'],
  ])('rejects %s with ERR_LTI_INVALID_PAYLOAD', (_label, text, line) => {
    expect(codeOf(() => parseCustomParameterLines(text))).toBe(`ERR_LTI_INVALID_PAYLOAD ${line}`)
  })

  it('rejects oversize text with ERR_LTI_INPUT_TOO_LARGE', () => {
    const text = 'a='.padEnd(MAX_CUSTOM_PARAMETER_TEXT + 1, 'x')
    expect(codeOf(() => parseCustomParameterLines(text))).toBe('ERR_LTI_INPUT_TOO_LARGE custom')
    expect(() => parseCustomParameterLines(3 as unknown as string)).toThrow(TypeError)
  })

  it('round-trips with formatCustomParameterLines (fast-check)', () => {
    const name = fc.string({ minLength: 1 }).filter((s) => !s.includes('=') && ok(s))
    fc.assert(
      fc.property(fc.dictionary(name, fc.string().filter(ok)), (custom) => {
        expect(parseCustomParameterLines(formatCustomParameterLines(custom))).toEqual(custom)
      }),
    )
  })

  it('refuses to format pairs that cannot round-trip', () => {
    expect(() => formatCustomParameterLines({ 'a=b': 'x' })).toThrow(TypeError)
    expect(() => formatCustomParameterLines({ a: 'x\ny' })).toThrow(TypeError)
    expect(() => formatCustomParameterLines({ ' a': 'x' })).toThrow(TypeError)
  })
})

function ok(text: string): boolean {
  return !/[\r\n]/.test(text) && text.trim() === text
}

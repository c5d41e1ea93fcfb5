/**
 * The LTI 1.1 form parameter name of a custom parameter: `custom_` followed by the name
 * lower-cased with every character outside `[a-z0-9]` replaced by `_` (LTI 1.1 §3.3). Only ASCII
 * letters are lower-cased; any other character (an accented letter, an emoji) is one `_` per
 * code point. LTI 1.3 `custom` claim keys stay raw: this is for LTI 1.1 launches only.
 * @example toLti11CustomParameterName('Chapter-Num') // 'custom_chapter_num'
 * @see https://www.imsglobal.org/specs/ltiv1p1/implementation-guide
 */
export function toLti11CustomParameterName(name: string): `custom_${string}` {
  if (typeof name !== 'string' || name === '') {
    throw new TypeError('a custom parameter name must be a non-empty string')
  }
  let normalized = ''
  for (const char of name) {
    const lower = char >= 'A' && char <= 'Z' ? char.toLowerCase() : char
    normalized += /^[a-z0-9]$/.test(lower) ? lower : '_'
  }
  return `custom_${normalized}`
}

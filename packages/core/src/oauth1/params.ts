/** One OAuth/LTI 1.1 parameter as it travels: a name and a value, both plain (decoded) strings. */
export type OAuthParam = readonly [name: string, value: string]

/** A parameter list keeps order and duplicates; a record is a convenience for unique names. */
export type OAuthParamsInput = readonly OAuthParam[] | Readonly<Record<string, string>>

/**
 * Copies caller-supplied parameters into a mutable list, checking their types.
 * @throws TypeError when a name or value is not a string.
 */
export function toParamList(params: OAuthParamsInput): Array<[string, string]> {
  const entries: ReadonlyArray<readonly unknown[]> = Array.isArray(params)
    ? (params as readonly OAuthParam[])
    : Object.entries(params)
  return entries.map((entry, index) => {
    const [name, value] = entry
    if (entry.length !== 2 || typeof name !== 'string' || typeof value !== 'string') {
      throw new TypeError(`OAuth parameter #${index} must be a [name, value] pair of strings`)
    }
    return [name, value]
  })
}

/** The values of every parameter called `name`, in order. */
export function valuesOf(params: readonly OAuthParam[], name: string): string[] {
  return params.filter(([key]) => key === name).map(([, value]) => value)
}

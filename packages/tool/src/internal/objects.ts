type RequiredKeys<T> = { [K in keyof T]-?: undefined extends T[K] ? never : K }[keyof T]
type OptionalKeys<T> = { [K in keyof T]-?: undefined extends T[K] ? K : never }[keyof T]

/** `T` with every property that may be undefined made optional and never undefined. */
export type Compact<T> = { [K in RequiredKeys<T>]: T[K] } & {
  [K in OptionalKeys<T>]?: Exclude<T[K], undefined>
}

/**
 * Drops the properties whose value is `undefined`, so records built from optional inputs satisfy
 * `exactOptionalPropertyTypes` (an absent property, never one set to undefined).
 */
export function compact<T extends object>(value: T): Compact<T> {
  const result: Record<string, unknown> = {}
  for (const [key, entry] of Object.entries(value)) if (entry !== undefined) result[key] = entry
  return result as Compact<T>
}

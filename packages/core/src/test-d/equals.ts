/**
 * Type-level assertions for the `*.test-d.ts` files. They are checked by `tsc` (the root tsconfig
 * includes `packages/*\/src/**`) and never run: a wrong type is a compile error.
 */

/** `true` when `A` and `B` are the same type (not merely assignable either way). */
export type Equals<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false

/** Compiles only when its argument is the type `true`. */
export function assertType<T extends true>(): T | undefined {
  return undefined
}

/**
 * The global `fetch`, for library users who inject no client of their own: no address policy,
 * no limits beyond the caller's. The one place in ltihub's libraries that reaches the global
 * `fetch`; ltihub's server never relies on it (it injects its outbound client everywhere), and a
 * test keeps every other production file off the global.
 */
export const unguardedFetch: typeof fetch = (input, init) => globalThis.fetch(input, init)

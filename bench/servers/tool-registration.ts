// How the driver's "platform" is registered with the tool under test (shared by the tool server
// child, which seeds the registration, and the driver, which signs for it).

/** The client_id the driver's platform signs its id_tokens for. */
export const BENCH_CLIENT_ID = 'bench-client'
export const BENCH_DEPLOYMENT_ID = 'bench-deployment'
/** The driver platform's issuer: an identifier only (https, as the tool requires); never fetched. */
export const BENCH_ISSUER = 'https://platform.bench.example'

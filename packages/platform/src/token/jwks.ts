/** The platform's public key set, which tools use to verify id_tokens. */
import type { PlatformDeps } from '../config.js'
import { publicJwks } from '../internal/core.js'
import { allowOnly, jsonResponse } from '../internal/http.js'

/**
 * `GET {jwks}`: the platform's next, current and retiring public keys (rotation with overlap is
 * the key ring's job), cacheable for a few minutes so tools pick up a new key soon.
 * @see https://www.imsglobal.org/spec/security/v1p0/#key-set-url
 */
export async function handleJwks(
  request: Request,
  deps: Pick<PlatformDeps, 'keys'>,
): Promise<Response> {
  const refused = allowOnly(request, ['GET'])
  if (refused !== undefined) return refused
  return jsonResponse(publicJwks(await deps.keys.keyRing()), {
    headers: { 'cache-control': 'public, max-age=300' },
  })
}

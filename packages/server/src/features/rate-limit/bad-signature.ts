import type { FastifyRequest } from 'fastify'

declare module 'fastify' {
  interface FastifyRequest {
    /**
     * Set by an LTI 1.1 endpoint when this request's OAuth signature did not match: the rate
     * limits count it against the consumer key and the address (see rate-limit/limits.ts).
     */
    badLti11Signature: boolean
  }
}

/** The only failure the LTI 1.1 limits count: a wrong signature (a guessed secret). */
export const BAD_SIGNATURE_CODE = 'ERR_LTI_OAUTH_SIGNATURE_INVALID'

/** Marks `request` when `code` is a wrong LTI 1.1 signature; other failures are not counted. */
export function noteLti11Failure(request: FastifyRequest | undefined, code: string): void {
  if (request !== undefined && code === BAD_SIGNATURE_CODE) request.badLti11Signature = true
}

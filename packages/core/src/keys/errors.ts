import { defineErrors, SPEC } from '../errors/define.js'

const KEY_SET_URL = `${SPEC.security}#key-set-url`
const JWT_VALIDATION = SPEC.idTokenValidation

/**
 * Catalogue entries of this feature (see `errors/catalogue.ts`): keys, key sets, and the generic
 * JWT failures every signed-message feature maps jose's errors to (see `toLtiError`).
 */
export const keysErrors = defineErrors({
  ERR_LTI_JWT_MALFORMED: {
    status: 400,
    spec: JWT_VALIDATION,
    description: 'The token is not a well-formed signed JWT.',
    cause: 'The sender produced a broken, truncated, encrypted or unsigned token.',
    fix: 'Send a compact JWS (header.payload.signature) whose parts are base64url JSON.',
  },
  ERR_LTI_JWT_SIGNATURE_INVALID: {
    status: 401,
    spec: JWT_VALIDATION,
    description: 'The token signature does not verify with the sender’s published key.',
    cause: 'The token was altered, or signed with a key other than the one registered.',
    fix: 'Sign with the private key whose public half is in the registered key set or key.',
  },
  ERR_LTI_JWT_ALG_NOT_ALLOWED: {
    status: 401,
    spec: JWT_VALIDATION,
    description: 'The token is signed with an algorithm this registration does not accept.',
    cause: 'The sender used an algorithm (or "none") outside the registration’s allow-list.',
    fix: 'Sign with RS256, or configure the registration to accept the algorithm you use.',
  },
  ERR_LTI_JWT_EXPIRED: {
    status: 401,
    spec: JWT_VALIDATION,
    description: 'The token has expired or was issued too long ago.',
    cause: 'The token was replayed late, or the sender’s clock is behind.',
    fix: 'Send a fresh token and keep the sender’s clock synchronised (NTP).',
  },
  ERR_LTI_JWT_NOT_YET_VALID: {
    status: 401,
    spec: JWT_VALIDATION,
    description: 'The token is not valid yet: its iat or nbf lies in the future.',
    cause: 'The sender’s clock is ahead of ours by more than the allowed skew.',
    fix: 'Synchronise the sender’s clock (NTP).',
  },
  ERR_LTI_JWT_CLAIM_MISSING: {
    status: 401,
    spec: JWT_VALIDATION,
    description: 'A required JWT claim is missing.',
    cause: 'The sender omitted a claim the spec requires (the error names it).',
    fix: 'Add the named claim to the token.',
  },
  ERR_LTI_JWT_CLAIM_INVALID: {
    status: 401,
    spec: JWT_VALIDATION,
    description: 'A JWT claim has a value other than the one expected.',
    cause: 'Issuer, audience, subject or type do not match this registration (the error names it).',
    fix: 'Check the client_id, issuer and endpoint URLs configured on both sides.',
  },
  ERR_LTI_KID_MISSING: {
    status: 401,
    spec: KEY_SET_URL,
    description: 'The token header has no kid, so no key of the key set can be chosen.',
    cause: 'The sender signs without putting the key id in the JWS header.',
    fix: 'Put the kid of the signing key in the JWS protected header.',
  },
  ERR_LTI_KID_UNKNOWN: {
    status: 401,
    spec: KEY_SET_URL,
    description: 'No key in the sender’s key set matches the token’s kid and algorithm.',
    cause:
      'The sender signs with a key it has not published yet, or the registered key set URL is wrong.',
    fix: 'Publish the key before signing with it, and check the registered key set URL.',
  },
  ERR_LTI_JWKS_UNREACHABLE: {
    status: 502,
    spec: KEY_SET_URL,
    description: 'The sender’s key set could not be fetched.',
    cause: 'The key set URL answered with an error status or a redirect, timed out, or is down.',
    fix: 'Check that the key set URL answers 200 with JSON over HTTPS without redirects.',
  },
  ERR_LTI_JWKS_INVALID: {
    status: 502,
    spec: KEY_SET_URL,
    description: 'The sender’s key set is not a valid public JSON Web Key Set.',
    cause:
      'The document is not JSON, is too large, has no keys array, repeats a kid, or holds private keys.',
    fix: 'Serve {"keys":[...]} with public keys only, each with a unique kid.',
  },
  ERR_LTI_JWKS_URL_INVALID: {
    status: 400,
    spec: KEY_SET_URL,
    description: 'The key set URL must be an absolute https URL.',
    cause: 'The registration names an http, relative or otherwise unusable key set URL.',
    fix: 'Register an https URL (plain http is accepted only for localhost during development).',
  },
  ERR_LTI_KEY_INVALID: {
    status: 400,
    spec: `${SPEC.security}#rsa-key`,
    description: 'The key is not a usable key of the expected kind.',
    cause:
      'The key is malformed, of the wrong type or algorithm, too short (RSA below 2048 bits), or public where a private key is needed.',
    fix: 'Provide an RSA key of at least 2048 bits (or an EC key) matching the declared algorithm and kid.',
  },
})

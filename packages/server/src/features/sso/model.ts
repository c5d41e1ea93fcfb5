/**
 * Identity providers as the console edits them: the fields, their rules (each refusal in words an
 * administrator can act on) and the shape the repository stores.
 */
import { z } from 'zod'

/** A stored provider, without its secret (which is never read back into a page). */
export interface IdentityProvider {
  readonly id: string
  readonly displayName: string
  readonly issuer: string
  readonly clientId: string
  readonly emailClaim: string
  readonly requireVerifiedEmail: boolean
  readonly scopes: readonly string[]
  readonly enabled: boolean
  readonly createdAt: number
  readonly updatedAt: number
}

/** What a form saves; `clientSecret` undefined keeps the stored one. */
export interface IdentityProviderInput {
  readonly displayName: string
  readonly issuer: string
  readonly clientId: string
  readonly clientSecret: string | undefined
  readonly emailClaim: string
  readonly requireVerifiedEmail: boolean
  readonly scopes: readonly string[]
  readonly enabled: boolean
}

export const DEFAULT_SCOPES = ['openid', 'email', 'profile'] as const
export const DEFAULT_EMAIL_CLAIM = 'email'
const DISCOVERY_SUFFIX = '/.well-known/openid-configuration'

export const providerId = z
  .string()
  .trim()
  .min(1, { error: 'Enter a short name for the redirect URI, such as google.' })
  .max(40, { error: 'Use at most 40 characters.' })
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, {
    error: 'Use lower-case letters, digits and single hyphens only, such as district-idp.',
  })

/**
 * The issuer identifier. A discovery document URL is accepted and reduced to its issuer, so the
 * client library still checks that the document names the same issuer.
 */
export const issuerUrl = z
  .string()
  .trim()
  .min(1, { error: 'Enter the issuer or discovery URL the provider gives you.' })
  .max(500, { error: 'Use at most 500 characters.' })
  .refine((value) => URL.canParse(value), { error: 'Enter a full URL, starting with https://.' })
  .transform((value) => new URL(value))
  .refine((url) => url.protocol === 'https:' || url.protocol === 'http:', {
    error: 'Enter a URL starting with https://.',
  })
  .refine((url) => url.search === '' && url.hash === '' && url.username === '', {
    error: 'The URL may not have a query, a fragment or credentials.',
  })
  .transform((url) => {
    const text = url.href.replace(/\/+$/, '')
    return text.endsWith(DISCOVERY_SUFFIX) ? text.slice(0, -DISCOVERY_SUFFIX.length) : text
  })

const scopeList = z
  .string()
  .trim()
  .max(500, { error: 'Use at most 500 characters.' })
  .transform((value) => value.split(/\s+/).filter((scope) => scope !== ''))
  .refine((scopes) => scopes.every((scope) => /^[\x21\x23-\x5b\x5d-\x7e]+$/.test(scope)), {
    error: 'Separate scopes with spaces; a scope has no quotes or backslashes.',
  })
  .transform((scopes) => (scopes.length === 0 ? [...DEFAULT_SCOPES] : [...new Set(scopes)]))
  .refine((scopes) => scopes.includes('openid'), {
    error: 'Include the openid scope: without it the provider sends no ID token.',
  })

const emailClaim = z
  .string()
  .trim()
  .max(100, { error: 'Use at most 100 characters.' })
  .transform((value) => (value === '' ? DEFAULT_EMAIL_CLAIM : value))
  .pipe(
    z.string().regex(/^[\w.:/-]+$/, {
      error: 'Enter a claim name such as email or preferred_username.',
    }),
  )

/** The fields of the provider form (checkboxes: present means on). */
export const providerFormSchema = z.object({
  displayName: z
    .string()
    .trim()
    .min(1, { error: 'Enter the name people see on the button, such as Google.' })
    .max(100, { error: 'Use at most 100 characters.' }),
  issuer: issuerUrl,
  clientId: z
    .string()
    .trim()
    .min(1, { error: 'Enter the client ID the provider issued for ltihub.' })
    .max(300, { error: 'Use at most 300 characters.' }),
  clientSecret: z
    .string()
    .max(1000, { error: 'Use at most 1000 characters.' })
    .transform((value) => (value.trim() === '' ? undefined : value.trim())),
  emailClaim,
  requireVerifiedEmail: z.boolean(),
  scopes: scopeList,
  enabled: z.boolean(),
})

/** The form's text as posted (what is shown again when something is refused). */
export interface ProviderFormValues {
  readonly id: string
  readonly displayName: string
  readonly issuer: string
  readonly clientId: string
  readonly emailClaim: string
  readonly requireVerifiedEmail: boolean
  readonly scopes: string
  readonly enabled: boolean
}

export function valuesOfProvider(provider: IdentityProvider): ProviderFormValues {
  return {
    id: provider.id,
    displayName: provider.displayName,
    issuer: provider.issuer,
    clientId: provider.clientId,
    emailClaim: provider.emailClaim,
    requireVerifiedEmail: provider.requireVerifiedEmail,
    scopes: provider.scopes.join(' '),
    enabled: provider.enabled,
  }
}

export const EMPTY_FORM: ProviderFormValues = {
  id: '',
  displayName: '',
  issuer: '',
  clientId: '',
  emailClaim: DEFAULT_EMAIL_CLAIM,
  requireVerifiedEmail: true,
  scopes: DEFAULT_SCOPES.join(' '),
  enabled: true,
}

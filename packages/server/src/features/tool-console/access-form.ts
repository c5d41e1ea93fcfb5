/**
 * The forms of consumer keys and platform registrations: what each posts, and the label each
 * field's messages are written with.
 */
import { classifyAddress, isLoopbackName } from '@ltihub/core'
import { z } from 'zod'

const lmsId = z
  .string()
  .trim()
  .min(1)
  .max(50)
  .regex(/^[\w.-]+$/, {
    error: 'may hold only letters, digits, dot, dash and underscore (no colon)',
  })
const name = z.string().trim().min(1).max(200)

export const KEY_LABELS = { name: 'Name', lmsId: 'LMS ID', key: 'Key' } as const

export const keyBody = z.object({
  name,
  lmsId,
  key: z
    .string()
    .trim()
    .max(100)
    .regex(/^[\w.-]*$/, { error: 'may hold only letters, digits, dot, dash and underscore' }),
})

export const keyEditBody = z.object({ name, lmsId })

export const PLATFORM_LABELS = {
  name: 'Name',
  issuer: 'Issuer',
  clientId: 'Client ID',
  authLoginUrl: 'OIDC authentication URL',
  authTokenUrl: 'Access token URL',
  jwksUrl: 'Public keyset URL',
  lmsId: 'LMS ID',
  deploymentPolicy: 'New deployments',
} as const

/** A host this machine reaches over loopback (`localhost`, `127.0.0.1`, `[::1]`). */
function isLoopbackHost(hostname: string): boolean {
  return isLoopbackName(hostname) || classifyAddress(hostname).kind === 'loopback'
}

/**
 * A platform URL: https, or http to loopback on a development instance (the rule Dynamic
 * Registration follows, so a platform and a tool on one machine can be registered by hand).
 */
function platformUrl(allowLoopback: boolean) {
  const rule = allowLoopback
    ? 'must start with https:// (or http:// on this machine: localhost, 127.0.0.1)'
    : 'must start with https://'
  return z
    .string()
    .trim()
    .min(1)
    .max(2000)
    .refine(
      (value) => {
        if (!URL.canParse(value)) return false
        const url = new URL(value)
        if (url.protocol === 'https:') return true
        return allowLoopback && url.protocol === 'http:' && isLoopbackHost(url.hostname)
      },
      { error: rule },
    )
}

/** The platform settings an administrator may change after registration. */
export const platformEditBody = (allowLoopback: boolean) =>
  z.object({
    name,
    authLoginUrl: platformUrl(allowLoopback),
    authTokenUrl: platformUrl(allowLoopback),
    jwksUrl: platformUrl(allowLoopback),
    lmsId,
    deploymentPolicy: z.enum(['accept', 'pending']),
  })

/** "Register a platform by hand": the settings above, and the issuer and client ID naming it. */
export const platformBody = (allowLoopback: boolean) =>
  platformEditBody(allowLoopback).extend({
    issuer: platformUrl(allowLoopback),
    clientId: z.string().trim().min(1).max(255),
  })

export const enabledBody = z.object({ enabled: z.enum(['on', 'off']) })

/** A secret of 32 URL-safe characters (192 random bits). */
export const randomSecret = (): string =>
  Buffer.from(crypto.getRandomValues(new Uint8Array(24))).toString('base64url')

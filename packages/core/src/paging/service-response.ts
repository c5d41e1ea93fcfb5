import type { z } from 'zod'
import { isLtiError } from '../errors/lti-error.js'
import type { Clock } from '../internal/clock.js'
import { systemClock } from '../internal/clock.js'
import { formatIssuePath, parseAbsoluteUrl } from '../internal/services-http.js'
import { findLink, type ParsedLink, parseLinkHeader } from './link-header.js'
import { assertOk, invalidResponseError, readResponseJson } from './upstream-error.js'

/** Options every tool-side response processor takes. */
export interface ServiceResponseOptions {
  /** For `Retry-After` dates. Defaults to the system clock. */
  readonly clock?: Clock | undefined
  /** Largest body read. Defaults to {@link DEFAULT_MAX_RESPONSE_BYTES}. */
  readonly maxBytes?: number | undefined
}

/** 8 MiB: a large roster page with per-member messages still fits. */
export const DEFAULT_MAX_RESPONSE_BYTES = 8 * 1024 * 1024

/** A processed JSON service response with its paging links. */
export interface ServiceJson<T> {
  readonly body: T
  readonly links: readonly ParsedLink[]
  /** `rel="next"`, resolved against the response URL when it has one. */
  readonly next?: string
}

/** Resolves a link target against the response URL (when the response has one). */
export function resolveLink(target: string | undefined, response: Response): string | undefined {
  if (target === undefined || response.url === '') return target
  return parseAbsoluteUrl(target, response.url)?.href ?? target
}

/** The response's `Link` header; an oversize one is an unusable response, not a client error. */
function readLinks(response: Response): ParsedLink[] {
  try {
    return parseLinkHeader(response.headers.get('link'))
  } catch (error) {
    if (!isLtiError(error, 'ERR_LTI_INPUT_TOO_LARGE')) throw error
    throw invalidResponseError(response.status, 'Link', 'oversize Link header')
  }
}

/**
 * Checks a 2xx status, the media type, the size and the schema of a service response, and reads
 * its `Link` header. Any failure is an `UpstreamError`.
 */
export async function processServiceJson<S extends z.ZodType>(
  response: Response,
  accept: readonly string[],
  schema: S,
  options: ServiceResponseOptions = {},
): Promise<ServiceJson<z.output<S>>> {
  await assertOk(response, options.clock ?? systemClock)
  const raw = await readResponseJson(response, {
    accept,
    maxBytes: options.maxBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
  })
  const parsed = schema.safeParse(raw)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const claim = issue === undefined ? '' : formatIssuePath(issue.path)
    throw invalidResponseError(response.status, claim, `${claim}: ${issue?.message ?? 'invalid'}`)
  }
  const links = readLinks(response)
  const next = resolveLink(findLink(links, 'next'), response)
  return { body: parsed.data, links, ...(next === undefined ? {} : { next }) }
}

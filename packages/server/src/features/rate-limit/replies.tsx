import { buildOutcomeResponse, LtiError } from '@ltihub/core'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { AppContext } from '../../context.js'
import { renderConsolePage } from '../../console/render.js'

/**
 * How a refused request is answered, in the form its caller understands:
 * - `problem`: RFC 9457 problem+json (the REST API, the platform's registration endpoint);
 * - `oauth`: the RFC 6749 §5.2 JSON error of the token endpoint, with ltihub's `code`;
 * - `pox`: the LTI 1.1 Basic Outcomes failure envelope;
 * - `page`: a small HTML page for browser steps of a launch (authorize, tool login, launch);
 * - `console`: a console page.
 */
export type ReplyKind = 'problem' | 'oauth' | 'pox' | 'page' | 'console'

const CODE = 'ERR_LTI_RATE_LIMITED'
const PAGE_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"

function waitText(seconds: number): string {
  if (seconds < 120) return `${seconds} second${seconds === 1 ? '' : 's'}`
  return `${Math.ceil(seconds / 60)} minutes`
}

function htmlPage(retryAfter: number): string {
  const error = new LtiError(CODE)
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Too many requests</title></head>
<body><h1>Too many requests</h1>
<p>${error.description}</p>
<p>Try again in ${waitText(retryAfter)}.</p>
<p>Error code: <code id="ltihub-error-code">${CODE}</code></p></body></html>
`
}

function consolePage(ctx: AppContext, request: FastifyRequest, reply: FastifyReply, wait: number) {
  const body = (
    <>
      <p role="alert">Too many attempts from here. Try again in {waitText(wait)}.</p>
      <p>
        Error code: <code>{CODE}</code>
      </p>
    </>
  )
  return renderConsolePage(ctx, request, reply, { title: 'Too many attempts', body, status: 429 })
}

/** Sends the 429 answer of `kind`, with `Retry-After` in seconds (at least 1). */
export function sendRateLimited(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  kind: ReplyKind,
  retryAfterSeconds: number,
): FastifyReply {
  const retryAfter = Math.max(1, Math.ceil(retryAfterSeconds))
  reply.status(429).header('retry-after', String(retryAfter)).header('cache-control', 'no-store')
  const error = new LtiError(CODE)
  switch (kind) {
    case 'problem':
      return reply
        .header('content-type', 'application/problem+json; charset=utf-8')
        .send(error.toProblem())
    case 'oauth':
      return reply.header('content-type', 'application/json; charset=utf-8').send({
        error: 'invalid_request',
        error_description: error.description,
        code: CODE,
      })
    case 'pox':
      return reply.header('content-type', 'application/xml; charset=utf-8').send(
        buildOutcomeResponse({
          codeMajor: 'failure',
          // POX has no field for a code: the stable one follows the description.
          description: `${error.description} (${CODE})`,
          messageRefIdentifier: '',
          operation: 'unknown',
        }),
      )
    case 'page':
      return reply
        .header('content-type', 'text/html; charset=utf-8')
        .header('content-security-policy', PAGE_CSP)
        .send(htmlPage(retryAfter))
    case 'console':
      return consolePage(ctx, request, reply, retryAfter)
  }
}

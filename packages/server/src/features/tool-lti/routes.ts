import type { FastifyInstance, FastifyReply } from 'fastify'
import type { AppContext } from '../../context.js'
import { toProblemResponse } from '../../http/problems.js'
import { keepRawBodies, sendWebResponse, toWebRequest } from './adapter.js'
import { handleForRequest, ltiToolOf, TOOL_BASE_PATH } from './tool.js'

/**
 * Largest body passed to the tool layer: its forms are capped at 64 KiB. Larger bodies are
 * refused here, before the tool layer sees them: its size probe on a cloned request waits for
 * both branches of the clone to be cancelled and would never answer (reported to its author).
 */
export const TOOL_BODY_LIMIT = 64 * 1024

const escapeText = (text: string): string =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;')

const PAGE_CSP = "default-src 'none'; base-uri 'none'; form-action 'none'"

/** The refusal page for a request the adapter itself refuses, in the tool layer's page format. */
function refusalPage(reply: FastifyReply, status: number, code: string, description: string) {
  const html = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>The launch did not succeed</title></head>
<body><h1>The launch did not succeed</h1>
<p>${description}</p>
<p>Error code: <code id="ltihub-error-code">${code}</code></p></body></html>
`
  return reply
    .status(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('content-security-policy', PAGE_CSP)
    .send(html)
}

/**
 * The tool layer's endpoints under `/tool/lti/…`: login initiation (GET and POST), the launch URL
 * (LTI 1.3 redirect URI and LTI 1.1 launch URL, optionally with a course external ID appended),
 * deep linking, Dynamic Registration, the JWKS and each publication's cartridge XML. The tool
 * layer routes, validates and answers every failure with its own page and error code.
 */
export async function toolLtiRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  keepRawBodies(app, Math.min(TOOL_BODY_LIMIT, ctx.config.bodyLimit))
  app.setErrorHandler(async (error, request, reply) => {
    const { problem, level, retryAfter } = toProblemResponse(error)
    request.log[level]({ err: error, status: problem.status }, 'tool request refused')
    if (problem.status === 413) {
      return refusalPage(reply, 413, 'ERR_LTI_INPUT_TOO_LARGE', 'The request is too large.')
    }
    if (retryAfter !== undefined) reply.header('retry-after', String(retryAfter))
    // Only a catalogue code's public description is shown (LTI errors, the server's own: a
    // misdirected request, the database down); anything else is a bare internal error.
    return problem.code === undefined
      ? refusalPage(reply, 500, 'ERR_INTERNAL', 'Something went wrong on our side.')
      : refusalPage(reply, problem.status, problem.code, escapeText(problem.title))
  })
  const tool = ltiToolOf(ctx)
  const origin = new URL(ctx.config.publicUrl).origin
  app.route({
    method: ['GET', 'HEAD', 'POST'],
    url: `${TOOL_BASE_PATH}lti/*`,
    handler: async (request, reply) =>
      sendWebResponse(
        reply,
        await handleForRequest(request, () => tool.handle(toWebRequest(request, origin))),
      ),
  })
}

import type { FastifyReply, FastifyRequest } from 'fastify'
import type { AppContext } from '../context.js'
import type { Problem } from '../http/problems.js'
import { renderConsolePage } from './render.js'

/** Whether a request path belongs to the console, whose errors answer HTML pages. */
export function isConsolePath(url: string): boolean {
  const path = url.split('?')[0] ?? ''
  return path === '/console' || path.startsWith('/console/')
}

/** Whether a browser navigates to the page (it asks for HTML), outside the JSON doors. */
export function wantsHtmlPage(request: FastifyRequest): boolean {
  const path = request.url.split('?')[0] ?? ''
  if (path.startsWith('/api/') || path === '/api') return false
  if (isConsolePath(path)) return true
  const accept = request.headers.accept ?? ''
  return request.method === 'GET' && accept.includes('text/html')
}

interface ErrorText {
  readonly title: string
  readonly text: string
}

function textOf(problem: Problem, signedIn: boolean): ErrorText {
  switch (problem.status) {
    case 400:
    case 413:
    case 415:
      return {
        title: 'This request could not be used',
        text: 'Something in the request was not valid. Go back, check what you entered and try again.',
      }
    case 401:
      return {
        title: 'Sign in first',
        text: 'Your session has ended or you are not signed in. Sign in, then try again.',
      }
    case 403:
      return {
        title: 'Not available to you',
        text: signedIn
          ? 'Your account does not give you access to this page or action. If you need it, ask an administrator for the right.'
          : 'This action was refused. Sign in, then try again from the console.',
      }
    case 404:
      return {
        title: 'Page not found',
        text: 'There is no page at this address, or what it showed has been deleted.',
      }
    case 409:
      return {
        title: 'This conflicts with what is there',
        text: 'The record changed or already exists. Reload the page and try again.',
      }
    case 503:
      return {
        title: 'Temporarily unavailable',
        text: 'The instance cannot reach its database right now. Try again in a few seconds.',
      }
    default:
      return problem.status >= 500
        ? {
            title: 'Something went wrong',
            text: 'The server could not complete this request. The error was logged; try again, and if it persists tell the operator the reference below.',
          }
        : { title: problem.title, text: 'The request was refused.' }
  }
}

/**
 * Answers a refused or failed console request with an HTML page in the console's layout: what
 * happened in words, the request's reference, and a way back (home, or sign-in). Never the raw
 * problem: its `errors` name internal fields.
 */
export async function renderConsoleProblem(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  problem: Problem,
): Promise<FastifyReply> {
  if (request.principal === undefined && problem.status !== 503) {
    request.principal = await ctx.sessions.read(request).catch(() => undefined)
  }
  const signedIn = request.principal !== undefined
  const { title, text } = textOf(problem, signedIn)
  const path = request.url.split('?')[0] ?? '/console'
  const signIn =
    request.method === 'GET' && isConsolePath(path)
      ? `/console/sign-in?next=${encodeURIComponent(request.url)}`
      : '/console/sign-in'
  return renderConsolePage(ctx, request, reply, {
    title,
    status: problem.status,
    body: (
      <section class="card" data-testid="error-page" data-status={problem.status}>
        <h1>{title}</h1>
        <p class="notice error" role="alert">
          {text}
        </p>
        <p class="muted">
          {`Error ${problem.status}`}
          {problem.code === undefined ? '' : ` (${problem.code})`}
          {` · reference ${request.id}`}
        </p>
        <ul class="links">
          {signedIn ? (
            <li>
              <a href="/console">Back to your home page</a>
            </li>
          ) : (
            <>
              <li>
                <a href={signIn}>Sign in</a>
              </li>
              <li>
                <a href="/">About this instance</a>
              </li>
            </>
          )}
        </ul>
      </section>
    ),
  })
}

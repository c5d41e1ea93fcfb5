import type { FastifyReply, FastifyRequest } from 'fastify'
import type { ComponentChildren } from 'preact'
import { render } from 'preact-render-to-string'
import type { AppContext } from '../context.js'
import { Layout } from './layout.js'
import { navigationOf } from './nav.js'

export interface ConsolePage {
  readonly title: string
  readonly body: ComponentChildren
  readonly status?: number
}

/**
 * Renders a console page inside the layout and sends it; a body without an h1 gets the title as
 * its h1. Text in the body is escaped by
 * preact-render-to-string; never pass markup through `dangerouslySetInnerHTML`.
 *
 * @example
 * app.get('/console/tool/content', async (request, reply) =>
 *   renderConsolePage(ctx, request, reply, { title: 'Content', body: <ContentList items={items} /> }))
 */
export function renderConsolePage(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  page: ConsolePage,
): FastifyReply {
  const pageHtml = (children: ComponentChildren) =>
    render(
      <Layout
        title={page.title}
        publicUrl={ctx.config.publicUrl}
        nav={navigationOf(ctx.features, request.principal)}
        principal={request.principal}
        currentPath={request.url.split('?')[0] ?? ''}
      >
        {children}
      </Layout>,
    )
  let html = pageHtml(page.body)
  // Every page has one h1: a body without its own is headed by the page title.
  if (!html.includes('<h1')) {
    html = pageHtml(
      <>
        <h1>{page.title}</h1>
        {page.body}
      </>,
    )
  }
  return reply
    .status(page.status ?? 200)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(`<!doctype html>${html}`)
}

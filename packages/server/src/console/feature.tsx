import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { VNode } from 'preact'
import { z } from 'zod'
import type { AppContext } from '../context.js'
import { ensurePerson } from '../features/accounts/ensure-person.js'
import type { Feature } from '../features/feature.js'
import { parseRequest } from '../http/validate.js'
import { mayUse, OPERATORS } from './access.js'
import { Dashboard, INSTANCE_PATH, loadDashboard, operatorPanel } from './dashboard.js'
import { requireRole } from './guard.js'
import { HomePage, homePanels } from './home.js'
import { renderConsolePage } from './render.js'
import { CONSOLE_JS, CONSOLE_JS_PATH } from './script.js'
import type { Principal } from './session.js'
import { safeNext, type SignInFormState } from './sign-in-methods.js'
import { SignInPage } from './sign-in.js'
import { WelcomePage } from './welcome.js'
import { CONSOLE_CSS, CONSOLE_CSS_PATH, FAVICON_PATH, FAVICON_SVG } from './styles.js'

/** The identity "sign in as" always offers when demo data is on. */
export const DEMO_ADMINISTRATOR: Principal = {
  id: 'demo:administrator',
  name: 'Demo Administrator',
  roles: ['administrator'],
}

/** Everyone the demo "sign in as" offers: the administrator, then each feature's people. */
async function demoIdentities(ctx: AppContext): Promise<Principal[]> {
  const lists = await Promise.all(
    ctx.features.map((feature) => feature.demoIdentities?.(ctx) ?? []),
  )
  return [DEMO_ADMINISTRATOR, ...lists.flat()]
}

const demoSignInBody = z.object({
  identity: z.string().min(1).max(200),
  next: z.string().optional(),
})

/** The panels of every sign-in method that has something to offer. */
async function signInPanels(
  ctx: AppContext,
  next: string,
  refused: { readonly method: string; readonly state: SignInFormState } | undefined,
): Promise<VNode[]> {
  const methods = ctx.features.flatMap((feature) => feature.signInMethods ?? [])
  const panels = await Promise.all(
    methods.map((method) =>
      method.render(
        refused?.method === method.id ? { next, ctx, state: refused.state } : { next, ctx },
      ),
    ),
  )
  return panels.filter((panel) => panel !== null)
}

/**
 * Renders the sign-in page: each feature's panel, and "sign in as" with demo data on. After a
 * refused attempt, `refused` gives that method's panel the typed values and the messages.
 */
export async function renderSignInPage(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  options: {
    readonly next: string
    readonly failed?: boolean
    readonly refused?: { readonly method: string; readonly state: SignInFormState }
  },
): Promise<FastifyReply> {
  const { next, refused } = options
  return renderConsolePage(ctx, request, reply, {
    title: 'Sign in',
    body: (
      <SignInPage
        next={next}
        failed={options.failed === true}
        methods={await signInPanels(ctx, next, refused)}
        demoIdentities={ctx.config.demo ? await demoIdentities(ctx) : undefined}
        setupOpen={!(await ctx.identity.hasAdministrator())}
      />
    ),
  })
}

async function consoleRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  app.get(CONSOLE_CSS_PATH, async (_request, reply) =>
    reply
      .header('content-type', 'text/css; charset=utf-8')
      .header('cache-control', 'public, max-age=31536000, immutable')
      .send(CONSOLE_CSS),
  )

  app.get(FAVICON_PATH, async (_request, reply) =>
    reply
      .header('content-type', 'image/svg+xml')
      .header('cache-control', 'public, max-age=86400')
      .send(FAVICON_SVG),
  )

  app.get(CONSOLE_JS_PATH, async (_request, reply) =>
    reply
      .header('content-type', 'text/javascript; charset=utf-8')
      .header('cache-control', 'public, max-age=31536000, immutable')
      .send(CONSOLE_JS),
  )

  // Visitors learn what this instance is; signed-in people go to their home.
  app.get('/', async (request, reply) => {
    const principal = await ctx.sessions.read(request)
    if (principal !== undefined) return reply.redirect('/console', 303)
    return renderConsolePage(ctx, request, reply, {
      title: 'Welcome',
      body: (
        <WelcomePage
          publicUrl={ctx.config.publicUrl}
          roles={ctx.config.roles}
          links={ctx.features.flatMap((feature) => feature.publicLinks?.(ctx) ?? [])}
        />
      ),
    })
  })

  app.get('/console', async (request, reply) => {
    const principal = request.principal
    if (principal === undefined) throw new TypeError('the console guard lets no visitor here')
    return renderConsolePage(ctx, request, reply, {
      title: 'Home',
      body: <HomePage principal={principal} panels={await homePanels(ctx, principal)} />,
    })
  })

  app.get(INSTANCE_PATH, { preHandler: requireRole(...OPERATORS) }, async (request, reply) =>
    renderConsolePage(ctx, request, reply, {
      title: 'Instance dashboard',
      body: <Dashboard data={await loadDashboard(ctx)} />,
    }),
  )

  app.get('/console/sign-in', async (request, reply) => {
    const query = parseRequest(
      z.object({ next: z.string().optional(), failed: z.string().optional() }),
      request.query,
      'query',
    )
    return renderSignInPage(ctx, request, reply, {
      next: safeNext(query.next),
      failed: query.failed !== undefined,
    })
  })

  app.post('/console/sign-out', async (request, reply) => {
    await ctx.sessions.signOut(request, reply)
    return reply.redirect('/console/sign-in', 303)
  })

  // "Sign in as" exists only with demo data on (refused in production by the configuration).
  if (ctx.config.demo) {
    app.post('/console/sign-in/demo', async (request, reply) => {
      const body = parseRequest(demoSignInBody, request.body, 'body')
      const identity = (await demoIdentities(ctx)).find(
        (candidate) => candidate.id === body.identity,
      )
      const principal = identity === undefined ? undefined : await ensurePerson(ctx, identity)
      if (principal === undefined) return reply.redirect('/console/sign-in?failed=1', 303)
      await ctx.sessions.signIn(request, reply, principal, { method: 'demo' })
      request.log.warn({ principal: principal.id }, 'demo sign-in')
      return reply.redirect(safeNext(body.next), 303)
    })
  }
}

/** The console shell: assets, the welcome page, sign-in and sign-out, homes, the instance dashboard. */
export const consoleFeature: Feature = {
  name: 'console',
  routes: consoleRoutes,
  nav: [
    { section: 'personal', label: 'Home', href: '/console', order: 0 },
    {
      section: 'instance',
      label: 'Instance dashboard',
      href: INSTANCE_PATH,
      order: 0,
      roles: OPERATORS,
    },
  ],
  home: async (_ctx, principal) =>
    mayUse(principal, OPERATORS) ? [await operatorPanel(_ctx)] : [],
}

import type { Feature } from '../feature.js'
import { keysRoutes } from './routes.js'
import { ensureKeyRing } from './service.js'

/** Signing keys: a ring per enabled role, created at start, published as JWKS. */
export const keysFeature: Feature = {
  name: 'keys',
  routes: keysRoutes,
  publicLinks: (ctx) =>
    ctx.config.roles.map((role) => ({
      role,
      label: 'Public keys (JWKS)',
      path: `/${role}/jwks.json`,
    })),
  async onStart(ctx) {
    for (const role of ctx.config.roles) {
      const ring = await ensureKeyRing(ctx, role)
      ctx.logger.info({ role, kid: ring.current.kid }, 'signing key ring ready')
    }
  },
}

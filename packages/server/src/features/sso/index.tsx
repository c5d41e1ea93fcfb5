import { OPERATORS } from '../../console/access.js'
import type { Feature } from '../feature.js'
import { adminRoutes } from './admin-routes.js'
import { ssoOutbound } from './outbound.js'
import { SSO_PATHS } from './paths.js'
import { createProviderClients } from './provider-client.js'
import { listProviders } from './repository.js'
import { ProviderButtons } from './sign-in-pages.js'
import { signInRoutes } from './sign-in-routes.js'

/**
 * Single sign-on with OpenID Connect: administrators manage identity providers; people whose
 * verified email matches a person sign in through them.
 */
export const ssoFeature: Feature = {
  name: 'sso',
  async routes(app, ctx) {
    const clients = createProviderClients({ outbound: ssoOutbound(ctx), clock: ctx.clock })
    await adminRoutes(app, ctx)
    await signInRoutes(clients)(app, ctx)
  },
  nav: [
    {
      section: 'instance',
      label: 'Identity providers',
      href: SSO_PATHS.list,
      order: 20,
      roles: OPERATORS,
    },
  ],
  signInMethods: [
    {
      id: 'oidc',
      async render({ next, ctx }) {
        const providers = (await listProviders(ctx.db)).filter((provider) => provider.enabled)
        return providers.length === 0 ? null : <ProviderButtons providers={providers} next={next} />
      },
    },
  ],
}

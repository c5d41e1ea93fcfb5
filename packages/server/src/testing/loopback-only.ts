import type { BrowserContext } from 'playwright-core'

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]'])

/**
 * Aborts every request of `context` to a host other than loopback (an identity provider's page
 * may link fonts or scripts on the internet): tests never reach outside the machine.
 */
export async function keepToLoopback(context: BrowserContext): Promise<string[]> {
  const blocked: string[] = []
  await context.route('**/*', async (route) => {
    const url = new URL(route.request().url())
    if (url.protocol === 'data:' || LOOPBACK_HOSTS.has(url.hostname)) return route.fallback()
    blocked.push(url.origin)
    return route.abort('blockedbyclient')
  })
  return blocked
}

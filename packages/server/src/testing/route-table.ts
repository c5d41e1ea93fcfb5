import type { FastifyInstance } from 'fastify'

export interface RoutedPath {
  readonly method: string
  /** The full path as registered, e.g. `/api/platform/users/:id`. */
  readonly url: string
}

const LINE = /^((?:[│ ] {3})*)[└├]── (\S+)(?: \(([A-Z, ]+)\))?$/

/**
 * Every route in fastify's own router, read from `printRoutes({ commonPrefix: false })`, whose
 * tree nests paths under their parents (`/` then `api/…`). HEAD and OPTIONS are included as
 * printed. Where routes name the parameter at one position differently, the router prints all
 * names (`/:id|:parentId`), and so does this table.
 */
export function routerTable(app: FastifyInstance): RoutedPath[] {
  const found: RoutedPath[] = []
  const stack: string[] = []
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const match = LINE.exec(line)
    if (match === null) continue
    const depth = (match[1] ?? '').length / 4
    stack.length = depth
    stack.push(match[2] ?? '')
    const methods = match[3]
    if (methods === undefined) continue
    const url = stack.join('')
    for (const method of methods.split(', ')) found.push({ method, url })
  }
  return found
}

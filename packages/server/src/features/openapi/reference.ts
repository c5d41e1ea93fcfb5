/**
 * The rendered API reference: Swagger UI from the `swagger-ui-dist` package, served from this
 * instance (never a CDN) under the default Content-Security-Policy: no inline script or style,
 * the page's own initializer is a file too. The validator badge (which would send the document
 * to an outside service) is off.
 */
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

export interface Asset {
  readonly type: string
  readonly body: string
}

const DIST = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'))

/** The files of Swagger UI this page uses, by the name they are served under. */
const DIST_FILES: Readonly<Record<string, string>> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
}

// Relative URLs: the page is /api/reference, so they hold under any path PUBLIC_URL gives.
const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>ltihub API reference</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="reference/swagger-ui.css">
</head>
<body>
<main id="swagger-ui"></main>
<script src="reference/swagger-ui-bundle.js"></script>
<script src="reference/init.js"></script>
</body>
</html>
`

const INIT = `window.ui = SwaggerUIBundle({
  url: new URL('openapi.json', document.baseURI).href,
  dom_id: '#swagger-ui',
  deepLinking: true,
  validatorUrl: null,
  presets: [SwaggerUIBundle.presets.apis],
  layout: 'BaseLayout',
})
`

export const REFERENCE_PAGE: Asset = { type: 'text/html; charset=utf-8', body: PAGE }
export const REFERENCE_INIT: Asset = { type: 'text/javascript; charset=utf-8', body: INIT }
export const DIST_NAMES = Object.keys(DIST_FILES)

const cache = new Map<string, Promise<Asset>>()

/** One file of swagger-ui-dist, read once per process. */
export function distAsset(name: string): Promise<Asset> {
  const type = DIST_FILES[name]
  if (type === undefined) throw new TypeError(`${name} is not a served Swagger UI file`)
  let asset = cache.get(name)
  if (asset === undefined) {
    asset = readFile(join(DIST, name), 'utf8').then((body) => ({ type, body }))
    cache.set(name, asset)
  }
  return asset
}

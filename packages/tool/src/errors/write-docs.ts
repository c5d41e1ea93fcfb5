// Writes packages/tool/docs/errors.md from the tool's error catalogue (run with `npx tsx`).
import { mkdirSync, writeFileSync } from 'node:fs'
import { toolErrorCatalogue } from './catalogue.js'
import { formattedToolErrorDocs } from './render-docs.js'

const target = new URL('../../docs/errors.md', import.meta.url)
mkdirSync(new URL('.', target), { recursive: true })
writeFileSync(target, await formattedToolErrorDocs(toolErrorCatalogue))

// Writes docs/errors.md from the error catalogue. A test in packages/core fails when they differ.
import { writeFileSync } from 'node:fs'
import { errorCatalogue } from '../packages/core/src/errors/catalogue.js'
import { renderErrorDocs } from '../packages/core/src/errors/render-docs.js'

writeFileSync(new URL('../docs/errors.md', import.meta.url), renderErrorDocs(errorCatalogue))
console.log(`docs/errors.md: ${Object.keys(errorCatalogue).length} codes`)

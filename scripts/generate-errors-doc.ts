// Writes docs/errors.md from the error catalogues of core, the platform and tool layers and the server.
// Each package has a test that fails when its section differs from its catalogue.
import { writeFileSync } from 'node:fs'
import { coreErrorSection, errorCatalogue, renderErrorDocs } from '@ltihub/core'
import { platformErrorSection } from '@ltihub/platform'
import { serverErrorSection } from '@ltihub/server'
import { toolErrorSection } from '@ltihub/tool'

const sections = [
  coreErrorSection(errorCatalogue),
  platformErrorSection,
  toolErrorSection,
  serverErrorSection,
]
writeFileSync(new URL('../docs/errors.md', import.meta.url), renderErrorDocs(sections))
const count = sections.reduce((sum, section) => sum + Object.keys(section.catalogue).length, 0)
console.log(`docs/errors.md: ${count} codes in ${sections.length} sections`)

import { defineErrors } from '../errors/define.js'

/** Catalogue entries of this feature (see `errors/catalogue.ts`). */
export const nrpsErrors = defineErrors({})

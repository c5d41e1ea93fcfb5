/**
 * Errors of the server itself (its REST API and console doors), in the same catalogue shape as
 * core's and the layers': a stable code, a status, a public description, private detail. Each
 * server area declares its group next to its code and adds it to `serverErrors` below.
 */
import { CatalogueError, type CatalogueErrorOptions, type ErrorDocSection } from '@ltihub/core'
import { apiErrors } from '../api/errors.js'
import { httpErrors } from './request-errors.js'

/** Every code the server raises on its own. */
export const serverErrors = { ...apiErrors, ...httpErrors } as const

export type ServerErrorCode = keyof typeof serverErrors

/** The server's section of `docs/errors.md`. */
export const serverErrorSection: ErrorDocSection = {
  title: 'Server (`@ltihub/server`)',
  intro:
    'Doors of the server: its HTTP door, the REST API and its credentials. Generated from `packages/server/src/http/errors.ts`.',
  catalogue: serverErrors,
}

/** A server error with a stable code; `detail` stays in the log. */
export class ServerError extends CatalogueError<ServerErrorCode> {
  override readonly name = 'ServerError'

  constructor(code: ServerErrorCode, options: CatalogueErrorOptions = {}) {
    super(code, serverErrors[code], options)
  }
}

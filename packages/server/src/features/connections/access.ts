/**
 * Who may configure connections: administrators only (teachers with External Learning Tools
 * put tools on assignments elsewhere). Every route of the API allows `ADMINS`; the API guard
 * checks it before anything else.
 */
import type { FastifyRequest } from 'fastify'
import { apiCallerOf } from '../../api/guard.js'
import type { Principal } from '../../console/session.js'
import { HttpProblem } from '../../http/problems.js'

/** The roles every connections API route allows. */
export const ADMINS: readonly string[] = ['administrator']

/** The administrator calling the API, or the console user of a console route. */
export function adminOf(request: FastifyRequest): Principal {
  const principal =
    request.apiCaller === undefined ? request.principal : apiCallerOf(request).principal
  if (principal === undefined) throw new HttpProblem(401, 'no console session')
  return principal
}

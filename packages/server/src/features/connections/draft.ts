/**
 * Turns a connection request into a validated draft: the application's defaults fill what was
 * left out, and every rule that needs more than a schema is checked here with a precise field
 * message (tool URLs, supported types, custom parameter lines, keys, schools).
 */
import { isLtiError, SCOPE, type Scope } from '@ltihub/core'
import { parseCustomParameterLines } from '@ltihub/core/custom'
import type { Kysely } from 'kysely'
import type { Database } from '../../db/schema.js'
import { nextConnectionName, takenSchools } from './connection-repository.js'
import { type FieldIssue, fieldErrors } from './fields.js'
import type { ApplicationView, ConnectionDraft, Lti13Draft } from './model.js'
import type { ConnectionBody } from './schema.js'
import type { ConnectionType } from './table.js'
import { toolUrlProblem } from './urls.js'

/** Scopes granted when the administrator does not choose: what the enabled types need. */
export function defaultScopes(types: readonly ConnectionType[]): Scope[] {
  const scopes: Scope[] = [SCOPE.contextMembershipReadOnly]
  if (types.includes('score-passback')) {
    scopes.push(SCOPE.lineItem, SCOPE.resultReadOnly, SCOPE.score)
  }
  return scopes
}

/** Parses "name=value" lines, reporting the offending line on `path`. */
export function parseCustomLines(text: string, path: string, issues: FieldIssue[]) {
  try {
    return parseCustomParameterLines(text)
  } catch (error) {
    if (!isLtiError(error)) throw error
    const where = error.claim === undefined ? '' : ` (${error.claim})`
    issues.push({ path, message: `${error.description}${where}` })
    return {}
  }
}

function checkUrl(
  value: string | undefined,
  path: string,
  publicUrl: string,
  issues: FieldIssue[],
) {
  if (value === undefined) return
  const problem = toolUrlProblem(value, publicUrl)
  if (problem !== undefined) issues.push({ path, message: `${path} ${problem}` })
}

/** A tool's public key: an RSA public JWK; a private member means a leaked private key. */
function checkPublicJwk(jwk: Readonly<Record<string, unknown>>, issues: FieldIssue[]) {
  const path = 'lti13.publicJwk'
  if (jwk['kty'] !== 'RSA' || typeof jwk['n'] !== 'string' || typeof jwk['e'] !== 'string') {
    issues.push({ path, message: 'must be an RSA public key (kty RSA with n and e)' })
  }
  if (['d', 'p', 'q', 'dp', 'dq', 'qi'].some((member) => member in jwk)) {
    issues.push({ path, message: 'holds private key material: paste the public key only' })
  }
}

function lti13Draft(
  body: NonNullable<ConnectionBody['lti13']>,
  types: readonly ConnectionType[],
  publicUrl: string,
  issues: FieldIssue[],
): Lti13Draft {
  checkUrl(body.loginUrl, 'lti13.loginUrl', publicUrl, issues)
  body.redirectUris.forEach((uri, i) => checkUrl(uri, `lti13.redirectUris.${i}`, publicUrl, issues))
  checkUrl(body.targetLinkUri, 'lti13.targetLinkUri', publicUrl, issues)
  checkUrl(body.deepLinkingUri, 'lti13.deepLinkingUri', publicUrl, issues)
  checkUrl(body.jwksUrl, 'lti13.jwksUrl', publicUrl, issues)
  if (body.jwksUrl === undefined && body.publicJwk === undefined) {
    issues.push({ path: 'lti13.jwksUrl', message: "give the tool's JWKS URL or its public key" })
  }
  if (body.publicJwk !== undefined) checkPublicJwk(body.publicJwk, issues)
  return {
    loginUrl: body.loginUrl,
    redirectUris: body.redirectUris,
    ...(body.targetLinkUri === undefined ? {} : { targetLinkUri: body.targetLinkUri }),
    ...(body.deepLinkingUri === undefined ? {} : { deepLinkingUri: body.deepLinkingUri }),
    ...(body.jwksUrl === undefined ? {} : { jwksUrl: body.jwksUrl }),
    ...(body.publicJwk === undefined ? {} : { publicJwk: body.publicJwk }),
    allowedScopes: body.allowedScopes ?? defaultScopes(types),
  }
}

/** Licensed schools, and which of them another connection of the application holds. */
export async function schoolChoices(
  db: Kysely<Database>,
  applicationId: string,
  exceptConnectionId?: string,
) {
  const schools = await db
    .selectFrom('schools')
    .select(['id', 'name', 'lti_licensed'])
    .orderBy('name')
    .orderBy('id')
    .execute()
  const taken = await takenSchools(db, applicationId, exceptConnectionId)
  return schools.map((school) => ({
    id: school.id,
    name: school.name,
    licensed: school.lti_licensed === 1,
    takenBy: taken.get(school.id),
  }))
}

async function schoolIdsOf(
  db: Kysely<Database>,
  app: ApplicationView,
  requested: readonly string[] | undefined,
  exceptId: string | undefined,
  issues: FieldIssue[],
): Promise<string[]> {
  const choices = await schoolChoices(db, app.id, exceptId)
  const available = choices.filter((c) => c.licensed && c.takenBy === undefined)
  // "All schools are selected by default."
  if (requested === undefined) return available.map((c) => c.id)
  const byId = new Map(choices.map((c) => [c.id, c]))
  requested.forEach((schoolId, i) => {
    const choice = byId.get(schoolId)
    const path = `schoolIds.${i}`
    if (choice === undefined) issues.push({ path, message: `no school ${schoolId}` })
    else if (!choice.licensed) {
      issues.push({ path, message: `${choice.name} has no learning licence for LTI connections` })
    } else if (choice.takenBy !== undefined) {
      issues.push({
        path,
        message: `${choice.name} is already enabled in the connection "${choice.takenBy}" of this application`,
      })
    }
  })
  if (new Set(requested).size !== requested.length) {
    issues.push({ path: 'schoolIds', message: 'lists a school twice' })
  }
  return [...requested]
}

/**
 * The draft of a new (`exceptId` undefined) or changed connection of `app`. Throws a 400
 * validation problem listing every refused field.
 */
export async function resolveDraft(
  db: Kysely<Database>,
  input: {
    app: ApplicationView
    body: ConnectionBody
    publicUrl: string
    exceptId?: string
    /** Approving a Dynamic Registration: its LTI 1.3 settings are required. */
    requireLti13?: boolean
  },
): Promise<ConnectionDraft> {
  const { app, body, publicUrl } = input
  const issues: FieldIssue[] = []
  const launchUrl = body.launchUrl ?? body.lti13?.targetLinkUri ?? app.launchUrl
  checkUrl(launchUrl, 'launchUrl', publicUrl, issues)
  const types = [...new Set(body.types ?? app.supportedTypes)]
  types.forEach((type, i) => {
    if (!app.supportedTypes.includes(type)) {
      issues.push({ path: `types.${i}`, message: `${app.name} does not support ${type}` })
    }
  })
  const list = body.learningToolsList
  if ((list.student || list.parent) && !types.includes('learning-tool')) {
    issues.push({
      path: 'learningToolsList',
      message: 'only connections with LEARNING TOOL enabled can be listed for students and parents',
    })
  }
  const customParameters =
    body.customParameters === undefined
      ? app.customParameters
      : parseCustomLines(body.customParameters, 'customParameters', issues)
  if (body.lti11 === undefined && body.lti13 === undefined) {
    issues.push({
      path: 'lti11',
      message: 'give an LTI 1.1 key and secret, an LTI 1.3 registration, or both',
    })
  }
  if (input.requireLti13 === true && body.lti13 === undefined) {
    issues.push({ path: 'lti13', message: 'a registration keeps its LTI 1.3 settings' })
  }
  if (body.lti11 !== undefined && body.lti11.secret === undefined && input.exceptId === undefined) {
    issues.push({ path: 'lti11.secret', message: 'a secret is required' })
  }
  const lti13 =
    body.lti13 === undefined ? undefined : lti13Draft(body.lti13, types, publicUrl, issues)
  const schoolIds = await schoolIdsOf(db, app, body.schoolIds, input.exceptId, issues)
  const name = body.name ?? (await nextConnectionName(db, app.id, app.name))
  if (issues.length > 0) throw fieldErrors(issues)
  return {
    name,
    status: body.enabled ? 'active' : 'disabled',
    launchUrl,
    transferEmail: body.transferEmail ?? app.transferEmail,
    sendName: body.sendName,
    types,
    learningToolsList: list,
    customParameters,
    ...(body.lti11 === undefined
      ? {}
      : {
          lti11: {
            consumerKey: body.lti11.consumerKey,
            ...(body.lti11.secret === undefined ? {} : { secret: body.lti11.secret }),
          },
        }),
    ...(lti13 === undefined ? {} : { lti13 }),
    schoolIds,
  }
}

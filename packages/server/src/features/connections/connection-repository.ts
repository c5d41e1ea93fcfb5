/**
 * Connections as administrators manage them: create, update, delete, list, approve or reject a
 * Dynamic Registration. Each write is one transaction; the database's unique indexes (name per
 * application, school per application, consumer key, client_id) are the final word, the checks
 * before them only make the refusal precise.
 */
import type { Kysely } from 'kysely'
import type { Database } from '../../db/schema.js'
import type { DataCipher } from '../../security/index.js'
import { ConnectionConflict, isUniqueViolation } from './conflicts.js'
import { flag } from './json.js'
import { type ConnectionDraft, type ConnectionView, connectionViewOf } from './model.js'
import { loadLinks, secretContext } from './rows.js'
import type { PlatformConnectionsTable } from './table.js'

type Db = Kysely<Database>

/** Normalised name for uniqueness: "TurnItIn " and "turnitin" collide. */
export const nameKey = (name: string): string => name.trim().toLowerCase()

/** Connection rows with their schools and deployments, as views. */
async function viewsOf(db: Db, rows: Parameters<typeof connectionViewOf>[0][]) {
  const links = await loadLinks(
    db,
    rows.map((row) => row.id),
  )
  return rows.map((row) =>
    connectionViewOf(
      row,
      (links.schools.get(row.id) ?? []).map((s) => s.school_id),
      links.deployments.get(row.id) ?? [],
    ),
  )
}

export async function getConnection(db: Db, id: string): Promise<ConnectionView | undefined> {
  const row = await db
    .selectFrom('platform_connections')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst()
  return row === undefined ? undefined : (await viewsOf(db, [row]))[0]
}

/** An application's connections by name; pending registrations (no application) with `null`. */
export async function listConnections(
  db: Db,
  applicationId: string | null,
): Promise<ConnectionView[]> {
  let query = db.selectFrom('platform_connections').selectAll().orderBy('name_key').orderBy('id')
  query =
    applicationId === null
      ? query.where('application_id', 'is', null)
      : query.where('application_id', '=', applicationId)
  return viewsOf(db, await query.execute())
}

/**
 * Schools already enabled in another connection of `applicationId`, with that connection's name:
 * the console does not offer them ("Schools with an existing connection are not available").
 */
export async function takenSchools(
  db: Db,
  applicationId: string,
  exceptConnectionId?: string,
): Promise<Map<string, string>> {
  let query = db
    .selectFrom('platform_connection_schools as s')
    .innerJoin('platform_connections as c', 'c.id', 's.connection_id')
    .select(['s.school_id', 'c.name'])
    .where('s.application_id', '=', applicationId)
  if (exceptConnectionId !== undefined) query = query.where('c.id', '!=', exceptConnectionId)
  const rows = await query.execute()
  return new Map(rows.map((row) => [row.school_id, row.name]))
}

/**
 * The default name of a new connection: the application's name, then "Name 2", "Name 3", ...
 * ("by default, connection names are iterated numerically").
 */
export async function nextConnectionName(db: Db, applicationId: string, base: string) {
  const rows = await db
    .selectFrom('platform_connections')
    .select('name_key')
    .where('application_id', '=', applicationId)
    .execute()
  const used = new Set(rows.map((row) => row.name_key))
  if (!used.has(nameKey(base))) return base
  for (let n = 2; ; n += 1) if (!used.has(nameKey(`${base} ${n}`))) return `${base} ${n}`
}

type ConnectionColumns = Omit<
  PlatformConnectionsTable,
  | 'id'
  | 'application_id'
  | 'created_at'
  | 'lti13_client_id'
  | 'lti13_issuer'
  | 'registration_request'
>

/** The secret column: sealed anew when the draft has one, else the stored one (update). */
async function sealedSecret(
  cipher: DataCipher,
  id: string,
  draft: ConnectionDraft,
  stored: string | null,
): Promise<string | null> {
  if (draft.lti11 === undefined) return null
  if (draft.lti11.secret !== undefined) {
    return cipher.encrypt(draft.lti11.secret, secretContext(id))
  }
  // The form never shows a secret back, so an absent one means "keep".
  if (stored === null) throw new ConnectionConflict('lti11.secret', 'a secret is required')
  return stored
}

async function columnsOf(
  cipher: DataCipher,
  id: string,
  draft: ConnectionDraft,
  now: number,
  storedSecret: string | null,
): Promise<ConnectionColumns> {
  const has = (type: ConnectionDraft['types'][number]) => flag(draft.types.includes(type))
  const lti13 = draft.lti13
  return {
    name: draft.name,
    name_key: nameKey(draft.name),
    status: draft.status,
    launch_url: draft.launchUrl,
    transfer_email: flag(draft.transferEmail),
    send_name: flag(draft.sendName),
    learning_tool: has('learning-tool'),
    score_passback: has('score-passback'),
    assignment_resource: has('assignment-resource'),
    embeddable_content: has('embeddable-content'),
    list_student: flag(draft.learningToolsList.student),
    list_parent: flag(draft.learningToolsList.parent),
    custom_parameters: JSON.stringify(draft.customParameters),
    lti11_consumer_key: draft.lti11?.consumerKey ?? null,
    lti11_secret_sealed: await sealedSecret(cipher, id, draft, storedSecret),
    lti13_login_url: lti13?.loginUrl ?? null,
    lti13_redirect_uris: lti13 === undefined ? null : JSON.stringify(lti13.redirectUris),
    lti13_target_link_uri: lti13 === undefined ? null : (lti13.targetLinkUri ?? draft.launchUrl),
    lti13_deep_linking_uri: lti13?.deepLinkingUri ?? null,
    lti13_jwks_url: lti13?.jwksUrl ?? null,
    lti13_public_jwk: lti13?.publicJwk === undefined ? null : JSON.stringify(lti13.publicJwk),
    lti13_allowed_scopes: lti13 === undefined ? null : JSON.stringify(lti13.allowedScopes),
    updated_at: now,
  }
}

/** Refuses a duplicate name and schools another connection of the application holds. */
async function checkConflicts(
  db: Db,
  applicationId: string,
  draft: ConnectionDraft,
  exceptId?: string,
): Promise<void> {
  let sameName = db
    .selectFrom('platform_connections')
    .select('id')
    .where('application_id', '=', applicationId)
    .where('name_key', '=', nameKey(draft.name))
  if (exceptId !== undefined) sameName = sameName.where('id', '!=', exceptId)
  if ((await sameName.executeTakeFirst()) !== undefined) {
    throw new ConnectionConflict(
      'name',
      `this application already has a connection named "${draft.name}"`,
    )
  }
  const taken = await takenSchools(db, applicationId, exceptId)
  const index = draft.schoolIds.findIndex((id) => taken.has(id))
  const school = draft.schoolIds[index]
  if (school !== undefined) {
    throw new ConnectionConflict(
      `schoolIds.${index}`,
      `school ${school} is already enabled in the connection "${taken.get(school) ?? ''}" of this application`,
    )
  }
  if (draft.lti11 !== undefined) {
    let sameKey = db
      .selectFrom('platform_connections')
      .select('id')
      .where('lti11_consumer_key', '=', draft.lti11.consumerKey)
    if (exceptId !== undefined) sameKey = sameKey.where('id', '!=', exceptId)
    if ((await sameKey.executeTakeFirst()) !== undefined) {
      throw new ConnectionConflict('lti11.consumerKey', 'this key is used by another connection')
    }
  }
}

/** Makes the schools and the LTI 1.3 deployment of a connection match the draft. */
async function syncLinks(
  trx: Db,
  connectionId: string,
  applicationId: string,
  draft: ConnectionDraft,
  now: number,
): Promise<void> {
  let deploymentId: string | null = null
  if (draft.lti13 !== undefined) {
    const existing = await trx
      .selectFrom('platform_deployments')
      .select('deployment_id')
      .where('connection_id', '=', connectionId)
      .orderBy('created_at')
      .executeTakeFirst()
    deploymentId = existing?.deployment_id ?? crypto.randomUUID()
    if (existing === undefined) {
      await trx
        .insertInto('platform_deployments')
        .values({ deployment_id: deploymentId, connection_id: connectionId, created_at: now })
        .execute()
    }
  }
  await trx
    .deleteFrom('platform_connection_schools')
    .where('connection_id', '=', connectionId)
    .execute()
  if (draft.schoolIds.length === 0) return
  await trx
    .insertInto('platform_connection_schools')
    .values(
      draft.schoolIds.map((school_id) => ({
        connection_id: connectionId,
        application_id: applicationId,
        school_id,
        deployment_id: deploymentId,
      })),
    )
    .execute()
}

/** Runs a write, turning a unique violation that raced past the checks into a conflict. */
async function guarded<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write()
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new ConnectionConflict(
        '',
        'another change to these connections was saved first; try again',
      )
    }
    throw error
  }
}

/** Creates a connection of `applicationId`; the LTI 1.3 client_id is generated here. */
export async function createConnection(
  db: Db,
  cipher: DataCipher,
  input: { applicationId: string; draft: ConnectionDraft; issuer: string; now: number },
): Promise<string> {
  const { applicationId, draft, now } = input
  const id = crypto.randomUUID()
  const columns = await columnsOf(cipher, id, draft, now, null)
  await guarded(() =>
    db.transaction().execute(async (trx) => {
      await checkConflicts(trx, applicationId, draft)
      await trx
        .insertInto('platform_connections')
        .values({
          ...columns,
          id,
          application_id: applicationId,
          lti13_client_id: draft.lti13 === undefined ? null : crypto.randomUUID(),
          lti13_issuer: draft.lti13 === undefined ? null : input.issuer,
          registration_request: null,
          created_at: now,
        })
        .execute()
      await syncLinks(trx, id, applicationId, draft, now)
    }),
  )
  return id
}

/**
 * Replaces a connection's settings and schools. Returns `false` when there is no such connection
 * (or it still waits for approval: that goes through {@link approveRegistration}).
 */
export async function updateConnection(
  db: Db,
  cipher: DataCipher,
  input: { id: string; draft: ConnectionDraft; issuer: string; now: number },
): Promise<boolean> {
  const { id, draft, now } = input
  return guarded(() =>
    db.transaction().execute(async (trx) => {
      const current = await trx
        .selectFrom('platform_connections')
        .select(['application_id', 'lti11_secret_sealed', 'lti13_client_id', 'lti13_issuer'])
        .where('id', '=', id)
        .where('status', '!=', 'pending')
        .executeTakeFirst()
      if (current === undefined || current.application_id === null) return false
      await checkConflicts(trx, current.application_id, draft, id)
      const columns = await columnsOf(cipher, id, draft, now, current.lti11_secret_sealed)
      const keepsLti13 = draft.lti13 !== undefined
      await trx
        .updateTable('platform_connections')
        .set({
          ...columns,
          // client_id is immutable while the registration exists; it is ours, never typed in.
          lti13_client_id: keepsLti13 ? (current.lti13_client_id ?? crypto.randomUUID()) : null,
          lti13_issuer: keepsLti13 ? (current.lti13_issuer ?? input.issuer) : null,
        })
        .where('id', '=', id)
        .execute()
      if (!keepsLti13) {
        await trx.deleteFrom('platform_deployments').where('connection_id', '=', id).execute()
      }
      await syncLinks(trx, id, current.application_id, draft, now)
      return true
    }),
  )
}

/** Deletes a connection with its schools and deployments; `false` when there was none. */
export async function deleteConnection(db: Db, id: string): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    await trx.deleteFrom('platform_connection_schools').where('connection_id', '=', id).execute()
    await trx.deleteFrom('platform_deployments').where('connection_id', '=', id).execute()
    const result = await trx
      .deleteFrom('platform_connections')
      .where('id', '=', id)
      .executeTakeFirst()
    return result.numDeletedRows > 0n
  })
}

/**
 * Approves a Dynamic Registration: it joins `applicationId` as an active connection with the
 * administrator's settings, keeping its client_id and deployment. `false` when no such pending
 * registration exists (already decided, or never).
 */
export async function approveRegistration(
  db: Db,
  cipher: DataCipher,
  input: { id: string; applicationId: string; draft: ConnectionDraft; now: number },
): Promise<boolean> {
  const { id, applicationId, draft, now } = input
  if (draft.lti13 === undefined)
    throw new TypeError('an approved registration keeps its LTI 1.3 settings')
  return guarded(() =>
    db.transaction().execute(async (trx) => {
      await checkConflicts(trx, applicationId, draft, id)
      const columns = await columnsOf(cipher, id, draft, now, null)
      const result = await trx
        .updateTable('platform_connections')
        .set({ ...columns, application_id: applicationId })
        .where('id', '=', id)
        .where('status', '=', 'pending')
        .executeTakeFirst()
      if (result.numUpdatedRows === 0n) return false
      await syncLinks(trx, id, applicationId, draft, now)
      return true
    }),
  )
}

/** Rejects (deletes) a pending registration; `false` when there is none. */
export async function rejectRegistration(db: Db, id: string): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('platform_connections')
      .select('id')
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .executeTakeFirst()
    if (row === undefined) return false
    await trx.deleteFrom('platform_deployments').where('connection_id', '=', id).execute()
    await trx.deleteFrom('platform_connections').where('id', '=', id).execute()
    return true
  })
}

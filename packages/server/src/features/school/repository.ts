import type { Kysely } from 'kysely'
import { type Placeholders, prepared } from '@ltihub/kysely/sql'
import type { Database } from '../../db/schema.js'
import { type District, type School, type User, schoolOf, userOf } from './model.js'
import type { UserKind } from './table.js'

/**
 * Districts, schools, users, school memberships and parent links. Plain functions taking `db` or a
 * transaction first. Creations are one atomic insert: a duplicate natural key yields `undefined`.
 */

type Db = Kysely<Database>

export async function findDistrictByName(db: Db, name: string): Promise<District | undefined> {
  return db
    .selectFrom('districts')
    .select(['id', 'name'])
    .where('name', '=', name)
    .executeTakeFirst()
}

export async function listDistricts(db: Db): Promise<District[]> {
  return db.selectFrom('districts').select(['id', 'name']).orderBy('name').execute()
}

/** Creates a district; `undefined` when one with that name exists. */
export async function createDistrict(
  db: Db,
  input: { readonly name: string },
  now: number,
): Promise<District | undefined> {
  const id = crypto.randomUUID()
  const row = await db
    .insertInto('districts')
    .values({ id, name: input.name, created_at: now })
    .onConflict((conflict) => conflict.column('name').doNothing())
    .returning(['id', 'name'])
    .executeTakeFirst()
  return row
}

export async function findSchool(db: Db, schoolId: string): Promise<School | undefined> {
  const row = await db
    .selectFrom('schools')
    .selectAll()
    .where('id', '=', schoolId)
    .executeTakeFirst()
  return row === undefined ? undefined : schoolOf(row)
}

/** Schools by name; only those of `ids` when given. */
export async function listSchools(db: Db, ids?: readonly string[]): Promise<School[]> {
  if (ids !== undefined && ids.length === 0) return []
  let query = db.selectFrom('schools').selectAll().orderBy('name').orderBy('id')
  if (ids !== undefined) query = query.where('id', 'in', ids)
  return (await query.execute()).map(schoolOf)
}

export interface NewSchool {
  readonly districtId: string
  readonly name: string
  readonly ltiLicensed: boolean
}

/** Creates a school; `undefined` when the district already has one with that name. */
export async function createSchool(
  db: Db,
  input: NewSchool,
  now: number,
): Promise<School | undefined> {
  const row = await db
    .insertInto('schools')
    .values({
      id: crypto.randomUUID(),
      district_id: input.districtId,
      name: input.name,
      lti_licensed: input.ltiLicensed ? 1 : 0,
      created_at: now,
    })
    .onConflict((conflict) => conflict.columns(['district_id', 'name']).doNothing())
    .returningAll()
    .executeTakeFirst()
  return row === undefined ? undefined : schoolOf(row)
}

/** Changes a school's name or licence flag; `false` when there is no such school. */
export async function updateSchool(
  db: Db,
  schoolId: string,
  changes: { readonly name?: string | undefined; readonly ltiLicensed?: boolean | undefined },
): Promise<boolean> {
  const result = await db
    .updateTable('schools')
    .set({
      ...(changes.name === undefined ? {} : { name: changes.name }),
      ...(changes.ltiLicensed === undefined ? {} : { lti_licensed: changes.ltiLicensed ? 1 : 0 }),
    })
    .where('id', '=', schoolId)
    .executeTakeFirst()
  return result.numUpdatedRows > 0n
}

export async function findUser(db: Db, userId: string): Promise<User | undefined> {
  const row = await db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirst()
  return row === undefined ? undefined : userOf(row)
}

export async function findUserByLogin(db: Db, loginName: string): Promise<User | undefined> {
  const row = await db
    .selectFrom('users')
    .selectAll()
    .where('login_name', '=', loginName)
    .executeTakeFirst()
  return row === undefined ? undefined : userOf(row)
}

export interface UserFilter {
  readonly kind?: UserKind | undefined
  /** Only members of this school. */
  readonly schoolId?: string | undefined
}

/** Users by family then given name (then id, for a stable order). */
export async function listUsers(db: Db, filter: UserFilter = {}): Promise<User[]> {
  let query = db
    .selectFrom('users')
    .selectAll('users')
    .orderBy('family_name')
    .orderBy('given_name')
    .orderBy('id')
  if (filter.kind !== undefined) query = query.where('kind', '=', filter.kind)
  if (filter.schoolId !== undefined) {
    const schoolId = filter.schoolId
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('user_schools')
          .select('user_schools.user_id')
          .whereRef('user_schools.user_id', '=', 'users.id')
          .where('user_schools.school_id', '=', schoolId),
      ),
    )
  }
  return (await query.execute()).map(userOf)
}

export interface NewUser {
  /** A fixed id (demo data); default a random UUID. */
  readonly id?: string | undefined
  readonly districtId: string
  readonly kind: UserKind
  readonly givenName: string
  readonly familyName: string
  readonly email: string | null
  readonly loginName: string
  readonly externalLearningTools: boolean
  readonly sourcedId?: string | null | undefined
  readonly locale?: string | null | undefined
}

/** Creates a user; `undefined` when the login name is taken. */
export async function createUser(db: Db, input: NewUser, now: number): Promise<User | undefined> {
  const row = await db
    .insertInto('users')
    .values({
      id: input.id ?? crypto.randomUUID(),
      district_id: input.districtId,
      kind: input.kind,
      given_name: input.givenName,
      family_name: input.familyName,
      email: input.email,
      login_name: input.loginName,
      sourced_id: input.sourcedId ?? null,
      locale: input.locale ?? null,
      lti11_user_id: null,
      external_learning_tools: input.externalLearningTools ? 1 : 0,
      created_at: now,
      updated_at: now,
    })
    .onConflict((conflict) => conflict.column('login_name').doNothing())
    .returningAll()
    .executeTakeFirst()
  return row === undefined ? undefined : userOf(row)
}

export interface UserChanges {
  readonly givenName?: string | undefined
  readonly familyName?: string | undefined
  readonly email?: string | null | undefined
  readonly externalLearningTools?: boolean | undefined
  readonly locale?: string | null | undefined
}

/** Changes a user's profile or tool right; `false` when there is no such user. */
export async function updateUser(
  db: Db,
  userId: string,
  changes: UserChanges,
  now: number,
): Promise<boolean> {
  const right = changes.externalLearningTools
  const result = await db
    .updateTable('users')
    .set({
      ...(changes.givenName === undefined ? {} : { given_name: changes.givenName }),
      ...(changes.familyName === undefined ? {} : { family_name: changes.familyName }),
      ...(changes.email === undefined ? {} : { email: changes.email }),
      ...(changes.locale === undefined ? {} : { locale: changes.locale }),
      ...(right === undefined ? {} : { external_learning_tools: right ? 1 : 0 }),
      updated_at: now,
    })
    .where('id', '=', userId)
    .executeTakeFirst()
  return result.numUpdatedRows > 0n
}

/** The schools of each of `userIds`. */
// One user's schools: read on every launch, prepared once (`prepared` of @ltihub/kysely/sql).
const schoolsOfOneUser = prepared((db: Db, p: Placeholders<{ userId: string }>) =>
  db
    .selectFrom('user_schools')
    .select(['user_id', 'school_id'])
    .where('user_id', '=', p.userId)
    .orderBy('school_id'),
)

export async function schoolIdsOf(
  db: Db,
  userIds: readonly string[],
): Promise<Map<string, string[]>> {
  const result = new Map<string, string[]>(userIds.map((id) => [id, []]))
  if (userIds.length === 0) return result
  const [only] = userIds
  const rows =
    userIds.length === 1 && only !== undefined
      ? await schoolsOfOneUser.execute(db, { userId: only })
      : await db
          .selectFrom('user_schools')
          .select(['user_id', 'school_id'])
          .where('user_id', 'in', userIds)
          .orderBy('school_id')
          .execute()
  for (const row of rows) result.get(row.user_id)?.push(row.school_id)
  return result
}

/** Adds a user to a school (no-op when already a member). */
export async function addUserToSchool(db: Db, userId: string, schoolId: string): Promise<void> {
  await db
    .insertInto('user_schools')
    .values({ user_id: userId, school_id: schoolId })
    .onConflict((conflict) => conflict.columns(['user_id', 'school_id']).doNothing())
    .execute()
}

/** Replaces a user's school memberships (call inside a transaction). */
export async function setUserSchools(
  db: Db,
  userId: string,
  schoolIds: readonly string[],
): Promise<void> {
  await db.deleteFrom('user_schools').where('user_id', '=', userId).execute()
  if (schoolIds.length === 0) return
  await db
    .insertInto('user_schools')
    .values([...new Set(schoolIds)].map((schoolId) => ({ user_id: userId, school_id: schoolId })))
    .execute()
}

/** The students linked to each of `parentIds` (mentees). */
export async function studentIdsOf(
  db: Db,
  parentIds: readonly string[],
): Promise<Map<string, string[]>> {
  const result = new Map<string, string[]>(parentIds.map((id) => [id, []]))
  if (parentIds.length === 0) return result
  const rows = await db
    .selectFrom('parent_links')
    .select(['parent_id', 'student_id'])
    .where('parent_id', 'in', parentIds)
    .orderBy('student_id')
    .execute()
  for (const row of rows) result.get(row.parent_id)?.push(row.student_id)
  return result
}

/** The parents linked to a student. */
export async function parentIdsOf(db: Db, studentId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('parent_links')
    .select('parent_id')
    .where('student_id', '=', studentId)
    .orderBy('parent_id')
    .execute()
  return rows.map((row) => row.parent_id)
}

/**
 * Links a parent to a student; `false` when the link exists already. The caller checks the kinds
 * (a parent and a student of the same district) first, in the same transaction.
 */
export async function linkParent(
  db: Db,
  parentId: string,
  studentId: string,
  now: number,
): Promise<boolean> {
  const row = await db
    .insertInto('parent_links')
    .values({ parent_id: parentId, student_id: studentId, created_at: now })
    .onConflict((conflict) => conflict.columns(['parent_id', 'student_id']).doNothing())
    .returning('parent_id')
    .executeTakeFirst()
  return row !== undefined
}

/** Removes a parent link; `false` when there was none. */
export async function unlinkParent(db: Db, parentId: string, studentId: string): Promise<boolean> {
  const result = await db
    .deleteFrom('parent_links')
    .where('parent_id', '=', parentId)
    .where('student_id', '=', studentId)
    .executeTakeFirst()
  return result.numDeletedRows > 0n
}

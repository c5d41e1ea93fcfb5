import type { FastifyInstance } from 'fastify'
import type { Kysely } from 'kysely'
import type { AppContext } from '../../../context.js'
import type { Database } from '../../../db/schema.js'
import { HttpProblem } from '../../../http/problems.js'
import type { User } from '../model.js'
import {
  createSchool,
  createUser,
  findSchool,
  findUser,
  linkParent,
  listDistricts,
  listSchools,
  listUsers,
  schoolIdsOf,
  setUserSchools,
  studentIdsOf,
  unlinkParent,
  updateSchool,
  updateUser,
} from '../repository.js'
import {
  districtView,
  idParams,
  listOf,
  newSchoolBody,
  newUserBody,
  parentLinkParams,
  schoolChangesBody,
  schoolView,
  userChangesBody,
  userQuery,
  userView,
} from '../schema.js'
import { ADMINISTRATORS, actor, SCHOOL_STAFF } from './access.js'
import { route } from '../../../api/contract.js'

type Db = Kysely<Database>

/** The API view of users: with their schools and, for parents, their students. */
export async function userViews(db: Db, users: readonly User[]) {
  const ids = users.map((user) => user.id)
  const schools = await schoolIdsOf(db, ids)
  const students = await studentIdsOf(db, ids)
  return users.map((user) => ({
    ...user,
    schoolIds: schools.get(user.id) ?? [],
    studentIds: students.get(user.id) ?? [],
  }))
}

async function userViewOf(db: Db, user: User) {
  const [view] = await userViews(db, [user])
  if (view === undefined) throw new TypeError('userViews keeps one view per user')
  return view
}

/** Every school id must exist and be of `districtId` (a user cannot join another district). */
async function checkSchools(db: Db, districtId: string, schoolIds: readonly string[]) {
  const schools = await listSchools(db, schoolIds)
  const known = new Set(schools.filter((s) => s.districtId === districtId).map((s) => s.id))
  if (schoolIds.some((id) => !known.has(id))) {
    throw new HttpProblem(422, 'a school id is unknown or of another district')
  }
}

/** Districts, schools, users and parent links. Reads need a session; writes an administrator. */
export async function peopleRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  route(
    app,
    {
      method: 'GET',
      url: '/api/platform/districts',
      summary: 'The districts',
      allow: ADMINISTRATORS,
      response: listOf(districtView),
      status: 200,
    },
    async () => {
      return { items: await listDistricts(ctx.db) }
    },
  )

  route(
    app,
    {
      method: 'GET',
      url: '/api/platform/schools',
      summary: 'The schools',
      allow: SCHOOL_STAFF,
      response: listOf(schoolView),
      status: 200,
    },
    async ({ request }) => {
      const who = actor(request)
      if (who.kind === 'administrator') return { items: await listSchools(ctx.db) }
      const mine = (await schoolIdsOf(ctx.db, [who.id])).get(who.id) ?? []
      return { items: await listSchools(ctx.db, mine) }
    },
  )

  route(
    app,
    {
      method: 'POST',
      url: '/api/platform/schools',
      summary: 'Add a school',
      allow: ADMINISTRATORS,
      body: newSchoolBody,
      response: schoolView,
      status: 201,
    },
    async ({ body }) => {
      return ctx.db.transaction().execute(async (trx) => {
        const district = (await listDistricts(trx)).find((d) => d.id === body.districtId)
        if (district === undefined) throw new HttpProblem(422, 'unknown district')
        const school = await createSchool(trx, body, ctx.clock())
        if (school === undefined) throw new HttpProblem(409, 'school name taken')
        return school
      })
    },
  )

  route(
    app,
    {
      method: 'PATCH',
      url: '/api/platform/schools/:id',
      summary: 'Change a school',
      allow: ADMINISTRATORS,
      params: idParams,
      body: schoolChangesBody,
      response: schoolView,
      status: 200,
    },
    async ({ params, body }) => {
      let updated: boolean
      try {
        updated = await updateSchool(ctx.db, params.id, body)
      } catch (error) {
        if (await findSchool(ctx.db, params.id)) throw new HttpProblem(409, 'school name taken')
        throw error
      }
      const school = updated ? await findSchool(ctx.db, params.id) : undefined
      if (school === undefined) throw new HttpProblem(404, `no school ${params.id}`)
      return school
    },
  )

  route(
    app,
    {
      method: 'GET',
      url: '/api/platform/users',
      summary: 'People, filtered by kind or school',
      allow: ADMINISTRATORS,
      query: userQuery,
      response: listOf(userView),
      status: 200,
    },
    async ({ query }) => {
      return { items: await userViews(ctx.db, await listUsers(ctx.db, query)) }
    },
  )

  route(
    app,
    {
      method: 'GET',
      url: '/api/platform/users/:id',
      summary: 'One person',
      allow: SCHOOL_STAFF,
      params: idParams,
      response: userView,
      status: 200,
    },
    async ({ request, params }) => {
      const who = actor(request)
      if (who.kind !== 'administrator' && who.id !== params.id) {
        throw new HttpProblem(404, `${who.id} may not see ${params.id}`)
      }
      const user = await findUser(ctx.db, params.id)
      if (user === undefined) throw new HttpProblem(404, `no user ${params.id}`)
      return userViewOf(ctx.db, user)
    },
  )

  route(
    app,
    {
      method: 'POST',
      url: '/api/platform/users',
      summary: 'Add a person',
      allow: ADMINISTRATORS,
      body: newUserBody,
      response: userView,
      status: 201,
    },
    async ({ body }) => {
      return ctx.db.transaction().execute(async (trx) => {
        const district = (await listDistricts(trx)).find((d) => d.id === body.districtId)
        if (district === undefined) throw new HttpProblem(422, 'unknown district')
        await checkSchools(trx, body.districtId, body.schoolIds)
        const user = await createUser(trx, body, ctx.clock())
        if (user === undefined) throw new HttpProblem(409, 'login name taken')
        await setUserSchools(trx, user.id, body.schoolIds)
        return userViewOf(trx, user)
      })
    },
  )

  route(
    app,
    {
      method: 'PATCH',
      url: '/api/platform/users/:id',
      summary: 'Change a person',
      allow: ADMINISTRATORS,
      params: idParams,
      body: userChangesBody,
      response: userView,
      status: 200,
    },
    async ({ params, body }) => {
      return ctx.db.transaction().execute(async (trx) => {
        const user = await findUser(trx, params.id)
        if (user === undefined) throw new HttpProblem(404, `no user ${params.id}`)
        if (body.schoolIds !== undefined) {
          await checkSchools(trx, user.districtId, body.schoolIds)
          await setUserSchools(trx, user.id, body.schoolIds)
        }
        await updateUser(trx, user.id, body, ctx.clock())
        const changed = await findUser(trx, user.id)
        if (changed === undefined) throw new HttpProblem(404, `no user ${params.id}`)
        return userViewOf(trx, changed)
      })
    },
  )

  route(
    app,
    {
      method: 'PUT',
      url: '/api/platform/users/:parentId/students/:studentId',
      summary: 'Link a parent to a student',
      allow: ADMINISTRATORS,
      params: parentLinkParams,
      response: null,
      status: 204,
    },
    async ({ params }) => {
      await ctx.db.transaction().execute(async (trx) => {
        const parent = await findUser(trx, params.parentId)
        if (parent === undefined) throw new HttpProblem(404, `no user ${params.parentId}`)
        const student = await findUser(trx, params.studentId)
        if (student === undefined) throw new HttpProblem(404, `no user ${params.studentId}`)
        // Only a parent links to a student of the same district: no other pairing grants access.
        if (parent.kind !== 'parent' || student.kind !== 'student') {
          throw new HttpProblem(422, 'links go from a parent to a student')
        }
        if (parent.districtId !== student.districtId) {
          throw new HttpProblem(422, 'the parent and the student are of different districts')
        }
        await linkParent(trx, parent.id, student.id, ctx.clock())
      })
    },
  )

  route(
    app,
    {
      method: 'DELETE',
      url: '/api/platform/users/:parentId/students/:studentId',
      summary: 'Unlink a parent from a student',
      allow: ADMINISTRATORS,
      params: parentLinkParams,
      response: null,
      status: 204,
    },
    async ({ params }) => {
      if (!(await unlinkParent(ctx.db, params.parentId, params.studentId))) {
        throw new HttpProblem(404, 'no such parent link')
      }
    },
  )
}

// The real ltihub server in the platform role, started the way `ltihub serve` starts it (startServer
// with a loaded Config) on a temporary SQLite DATA_DIR, seeded for the benchmarks: a school with
// one section of many students, a tool connection pointing at the driver's loopback tool, and a
// placed resource link on a points assignment. Prints `ready <url>`.
//
//   node --conditions=source --import tsx bench/servers/platform-server.ts <tool-origin> [students]
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SCOPE } from '@ltihub/core'
import { loadConfig } from '../../packages/server/src/config/index.js'
import { createApplication } from '../../packages/server/src/features/connections/application-repository.js'
import {
  createConnection,
  getConnection,
} from '../../packages/server/src/features/connections/connection-repository.js'
import type { Feature } from '../../packages/server/src/features/feature.js'
import { featuresFor } from '../../packages/server/src/features/index.js'
import {
  platformEndpoints,
  platformIssuer,
  sqlResourceLinkStore,
} from '../../packages/server/src/features/platform-lti/index.js'
import { createSchoolFixture } from '../../packages/server/src/features/school/fixture.js'
import {
  addUserToSchool,
  createUser,
} from '../../packages/server/src/features/school/repository.js'
import { enrol } from '../../packages/server/src/features/school/sections-repository.js'
import { startServer } from '../../packages/server/src/server.js'
import { freePort } from './free-port.js'
import { profileOnSignal } from './profiling.js'
import { queryCountFeature, resetStatements, statementsReport } from './query-count.js'

/** What the driver needs to know about the seeded data (GET /bench/seed). */
export interface PlatformSeed {
  readonly issuer: string
  readonly clientId: string
  readonly connectionId: string
  readonly resourceLinkId: string
  readonly lineItemsUrl: string
  readonly tokenEndpoint: string
  readonly authorizationEndpoint: string
  readonly studentIds: readonly string[]
}

const toolOrigin = process.argv[2]
if (toolOrigin === undefined)
  throw new TypeError('usage: platform-server.ts <tool-origin> [students]')
const studentCount = Number(process.argv[3] ?? '500')

/** Filled once the data is seeded (the routes exist before). */
const seeded: { seed?: PlatformSeed } = {}

/** Signs the driver's "browsers" in (a console session cookie) and hands out the seed. */
const benchRoutes: Feature = {
  name: 'bench-routes',
  async routes(app, ctx) {
    app.get('/console/sign-in/bench-as/:userId', async (request, reply) => {
      const { userId } = request.params as { userId: string }
      // The session holds only the id: the school's records give the roles at each request.
      await ctx.sessions.signIn(
        request,
        reply,
        { id: userId, name: userId, roles: ['student'] },
        { method: 'demo' },
      )
      return reply.status(204).send()
    })
    app.get('/bench/seed', async () => seeded.seed)
  },
}

const dataDir = mkdtempSync(join(tmpdir(), 'ltihub-bench-platform-'))
const port = await freePort()
const base = `http://127.0.0.1:${port}`
const config = loadConfig({
  env: {
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_URL: base,
    DATA_DIR: dataDir,
    LTIHUB_ROLES: 'platform',
    LTIHUB_SECRET: `bench-secret-${crypto.randomUUID()}`,
    // Request logs at info would put a JSON line per request on this pipe; an operator under load
    // would ship them elsewhere. Warnings and errors still appear.
    LOG_LEVEL: 'warn',
    // One driver on one address launches far past what a school does: the per-address limits
    // would measure 429s, not launches. The limits still run (their cost is measured).
    RATE_LIMIT_AUTHORIZE: '1000000/1m',
    RATE_LIMIT_TOKEN: '1000000/1m',
  },
})
const server = await startServer(config, {
  features: [...featuresFor(config.roles), benchRoutes, queryCountFeature],
})
const { db, cipher } = server.context
const now = Date.now()
const fixture = await createSchoolFixture(db, now)

const studentIds: string[] = []
for (let i = 0; i < studentCount; i++) {
  const user = await createUser(
    db,
    {
      districtId: fixture.student.districtId,
      kind: 'student',
      givenName: `Student${i}`,
      familyName: 'Bench',
      email: `student${i}@bench.example.edu`,
      loginName: `bench-student-${i}`,
      externalLearningTools: false,
    },
    now,
  )
  if (user === undefined) throw new Error('student exists already')
  await addUserToSchool(db, user.id, fixture.school.id)
  await enrol(
    db,
    { sectionId: fixture.section.id, userId: user.id, role: 'student', status: 'active' },
    now,
  )
  studentIds.push(user.id)
}

const issuer = platformIssuer(base)
const types = ['learning-tool', 'score-passback', 'assignment-resource'] as const
const applicationId = await createApplication(db, {
  partnerId: null,
  defaults: {
    name: 'Bench tool',
    description: '',
    launchUrl: `${toolOrigin}/launch`,
    supportedTypes: [...types],
    ltiVersions: ['1.3'],
    customParameters: {},
    transferEmail: true,
  },
  now,
})
const connectionId = await createConnection(db, cipher, {
  applicationId,
  draft: {
    name: 'Bench tool',
    status: 'active',
    launchUrl: `${toolOrigin}/launch`,
    transferEmail: true,
    sendName: true,
    types: [...types],
    learningToolsList: { student: true, parent: false },
    customParameters: {},
    lti13: {
      loginUrl: `${toolOrigin}/login`,
      redirectUris: [`${toolOrigin}/launch`],
      targetLinkUri: `${toolOrigin}/launch`,
      jwksUrl: `${toolOrigin}/jwks`,
      allowedScopes: [SCOPE.lineItem, SCOPE.score, SCOPE.resultReadOnly],
    },
    schoolIds: [fixture.school.id],
  },
  issuer,
  now,
})
const clientId = (await getConnection(db, connectionId))?.lti13?.clientId
if (clientId === undefined) throw new Error('the connection has no client_id')
const link = await sqlResourceLinkStore(db, Date.now).create({
  contextId: fixture.section.id,
  connectionId,
  assignmentId: fixture.pointsAssignment.id,
  title: 'Bench quiz',
  custom: {},
})
const endpoints = platformEndpoints(base)
seeded.seed = {
  issuer,
  clientId,
  connectionId,
  resourceLinkId: link.id,
  lineItemsUrl: endpoints.lineItems(fixture.section.id),
  tokenEndpoint: endpoints.token,
  authorizationEndpoint: endpoints.authorization,
  studentIds,
}

const stop = async () => {
  await server.close()
  rmSync(dataDir, { recursive: true, force: true })
  process.exit(0)
}
process.once('SIGTERM', () => void stop())
process.once('SIGINT', () => void stop())
profileOnSignal({ reset: resetStatements, report: statementsReport })
console.log(`ready ${base}`)

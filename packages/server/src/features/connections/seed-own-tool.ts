/**
 * Demo data when this server runs both roles: the built-in platform is already connected to the
 * built-in tool over LTI 1.3, so a demo teacher or student can launch the demo course at once.
 * Platform side: the "ltihub Demo Tool" application with a connection to this server's `/tool`
 * endpoints for every licensed school, and the demo course placed on the assignment "Fractions
 * quiz" (with a line item, so the quiz score reaches the grade book). Tool side: this platform's
 * registration with the connection's client_id and deployment, and a publication of the demo
 * course. Idempotent: each record is found by its natural key first and left as it is.
 */
import { toolUrls } from '@ltihub/tool'
import type { AppContext } from '../../context.js'
import { platformEndpoints } from '../platform-lti/urls.js'
import { sqlLineItemStore, sqlResourceLinkStore } from '../platform-lti/index.js'
import { DEMO_COURSE, DEMO_COURSE_EXTERNAL_ID, seedDemoCourse } from '../tool-content/seed.js'
import { savePublication, sqlPublicationStore, sqlRegistrationStore } from '@ltihub/kysely/tool'
import { TOOL_BASE_PATH } from '../tool-lti/tool.js'
import { createApplication, findApplicationByName } from './application-repository.js'
import { createConnection, getConnection, listConnections } from './connection-repository.js'
import { resolveDraft } from './draft.js'
import type { ApplicationView } from './model.js'
import { connectionBody } from './schema.js'
import { issuerOf } from './service.js'
import { ownToolPartner } from './seed.js'

/** The demo assignment the course is placed on (Math 7, Period 1: scored by points). */
export const DEMO_PLACEMENT_ASSIGNMENT = 'Fractions quiz'

/** The external ID prefix the tool gives learners arriving from this platform. */
export const DEMO_PLATFORM_PREFIX = 'demo-platform'

type DemoConnection = {
  readonly id: string
  readonly clientId: string
  readonly deploymentId: string
}

async function ensureApplication(ctx: AppContext, toolUrl: string): Promise<ApplicationView> {
  const defaults = ownToolPartner(toolUrl)
  const existing = await findApplicationByName(ctx.db, defaults.name)
  if (existing !== undefined) return existing
  const partner = await ctx.db
    .selectFrom('platform_partners')
    .select('id')
    .where('slug', '=', 'ltihub-demo-tool')
    .executeTakeFirst()
  await createApplication(ctx.db, { partnerId: partner?.id ?? null, defaults, now: ctx.clock() })
  const created = await findApplicationByName(ctx.db, defaults.name)
  if (created === undefined) throw new Error('the demo tool application vanished')
  return created
}

/** The application's LTI 1.3 connection to this server's tool, created when it has none. */
async function ensureConnection(ctx: AppContext, toolUrl: string): Promise<DemoConnection> {
  const app = await ensureApplication(ctx, toolUrl)
  const { publicUrl } = ctx.config
  const urls = toolUrls(new URL(TOOL_BASE_PATH, toolUrl).href)
  let connection = (await listConnections(ctx.db, app.id)).find((c) => c.lti13 !== undefined)
  if (connection === undefined) {
    const body = connectionBody.parse({
      name: app.name,
      launchUrl: urls.launch,
      transferEmail: true,
      types: ['learning-tool', 'score-passback', 'assignment-resource', 'embeddable-content'],
      learningToolsList: { student: true, parent: false },
      // Launches from the Learning Tools list name no course: they open the demo course.
      customParameters: `course=${DEMO_COURSE_EXTERNAL_ID}`,
      lti13: {
        loginUrl: urls.login,
        redirectUris: [urls.launch, urls.deepLinking],
        targetLinkUri: urls.launch,
        deepLinkingUri: urls.deepLinking,
        jwksUrl: urls.jwks,
      },
    })
    const draft = await resolveDraft(ctx.db, { app, body, publicUrl })
    const id = await createConnection(ctx.db, ctx.cipher, {
      applicationId: app.id,
      draft,
      issuer: issuerOf(publicUrl),
      now: ctx.clock(),
    })
    connection = await getConnection(ctx.db, id)
  }
  const lti13 = connection?.lti13
  const deploymentId = lti13?.deploymentIds[0]
  if (connection === undefined || lti13 === undefined || deploymentId === undefined) {
    throw new Error('the demo tool connection has no LTI 1.3 deployment')
  }
  return { id: connection.id, clientId: lti13.clientId, deploymentId }
}

/** The tool's registration of this platform (client_id, deployment accepted), when missing. */
async function ensureToolRegistration(
  ctx: AppContext,
  platformUrl: string,
  connection: DemoConnection,
) {
  const publicUrl = platformUrl
  const issuer = issuerOf(publicUrl)
  const registrations = sqlRegistrationStore(ctx.db, ctx.clock)
  const endpoints = platformEndpoints(publicUrl)
  const registration =
    (await registrations.find(issuer, connection.clientId)) ??
    (await registrations.upsert({
      name: 'Demo District (this server)',
      issuer,
      clientId: connection.clientId,
      authLoginUrl: endpoints.authorization,
      authTokenUrl: endpoints.token,
      jwksUrl: endpoints.jwks,
      deploymentPolicy: 'pending',
      lmsIdPrefix: DEMO_PLATFORM_PREFIX,
      enabled: true,
    }))
  await registrations.recordDeployment({
    registrationId: registration.id,
    deploymentId: connection.deploymentId,
    status: 'active',
    firstSeenAt: ctx.clock(),
  })
}

/** A publication of the demo course offered to every consumer, when the course has none. */
async function ensurePublication(ctx: AppContext): Promise<void> {
  const courseId = await seedDemoCourse(ctx)
  if ((await sqlPublicationStore(ctx.db).listForCourse(courseId)).length > 0) return
  await savePublication(
    ctx.db,
    {
      id: crypto.randomUUID(),
      name: DEMO_COURSE.title,
      courseId,
      enabled: true,
      roleMapping: { instructor: 'teacher', learner: 'student' },
      grades: { sendBack: true, onlyOnCompletion: false },
      memberSync: { trigger: 'off', mode: 'enrol-new' },
      userDefaults: {},
    },
    ctx.clock(),
  )
}

/** The demo course as a link on the demo assignment, with its line item, when not placed yet. */
async function ensurePlacement(ctx: AppContext, connection: DemoConnection): Promise<void> {
  const assignment = await ctx.db
    .selectFrom('assignments')
    .select(['id', 'section_id', 'points_possible'])
    .where('title', '=', DEMO_PLACEMENT_ASSIGNMENT)
    .orderBy('created_at')
    .executeTakeFirst()
  if (assignment === undefined) return
  const links = sqlResourceLinkStore(ctx.db, ctx.clock)
  const placed = await links.listByAssignment(assignment.id)
  if (placed.some((link) => link.connectionId === connection.id)) return
  const link = await links.create({
    contextId: assignment.section_id,
    connectionId: connection.id,
    assignmentId: assignment.id,
    title: DEMO_COURSE.title,
    ...(DEMO_COURSE.description === undefined ? {} : { description: DEMO_COURSE.description }),
    custom: { course: DEMO_COURSE_EXTERNAL_ID },
  })
  await sqlLineItemStore(ctx.db, ctx.clock).create({
    contextId: assignment.section_id,
    connectionId: connection.id,
    label: DEMO_COURSE.title,
    scoreMaximum: assignment.points_possible ?? 100,
    resourceLinkId: link.id,
    assignmentId: assignment.id,
    extensions: {},
  })
}

/**
 * The seeder: only when this server is both the platform and the tool. Not one transaction (the
 * repositories open their own); every step finds its record first, so a run interrupted midway
 * is completed by the next.
 */
export async function seedOwnToolConnection(ctx: AppContext): Promise<void> {
  const { roles } = ctx.config
  if (!roles.includes('platform') || !roles.includes('tool')) return
  await connectDemoTool(ctx, ctx)
}

/**
 * The same connection between two servers: `platform` (platform role, with the demo school)
 * and `tool` (tool role, with the demo course), each on its own public URL. Two sites in tests.
 */
export async function connectDemoTool(platform: AppContext, tool: AppContext): Promise<void> {
  const connection = await ensureConnection(platform, tool.config.publicUrl)
  await ensureToolRegistration(tool, platform.config.publicUrl, connection)
  await ensurePublication(tool)
  await ensurePlacement(platform, connection)
}

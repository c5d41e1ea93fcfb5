/**
 * "Test Connection" of the console and the API: the platform layer's handshake (`testConnection`
 * of @ltihub/platform: a signed LTI 1.1 launch, an LTI 1.3 login initiation, the tool's keys and
 * deployments) run as the signed-in administrator, who needs an email address.
 */
import type { AppContext } from '../../context.js'
import { HttpProblem } from '../../http/problems.js'
import { platformSettingsOf } from '../platform-lti/deps.js'
import { type FieldIssue, fieldErrors } from './fields.js'
import { type ConnectionUnderTest, type LmsUser, testConnection } from './layer.js'
import { createSqlConnectionStore } from './store.js'

export interface TestStep {
  /** The check's stable name, e.g. `lti11.launch`. */
  readonly check: string
  /** What was checked, for people, e.g. "LTI 1.1 signed launch". */
  readonly name: string
  readonly ok: boolean
  readonly detail: string
}

export interface TestResult {
  readonly ok: boolean
  readonly steps: readonly TestStep[]
}

/**
 * The signed-in user as the tool will see them. "The user performing the test should have an
 * email address": refused (400, field `user.email`) without one.
 */
async function testUser(ctx: AppContext, principal: { id: string; name: string }) {
  const user = await ctx.db
    .selectFrom('users')
    .select(['id', 'given_name', 'family_name', 'email'])
    .where('id', '=', principal.id)
    .executeTakeFirst()
  const email = user?.email?.trim() ?? ''
  if (user === undefined || email === '') {
    const issue: FieldIssue = {
      path: 'user.email',
      message: `${principal.name} has no email address: add one to your user record before testing a connection`,
    }
    throw fieldErrors([issue])
  }
  const tester: LmsUser = {
    id: user.id,
    kind: 'admin',
    givenName: user.given_name,
    familyName: user.family_name,
    fullName: `${user.given_name} ${user.family_name}`.trim(),
    email,
    schoolIds: [],
    menteeIds: [],
    canUseExternalTools: true,
  }
  return tester
}

/** A saved connection as it is tested (its secret opened for the test only). */
export async function savedConnection(
  ctx: AppContext,
  connectionId: string,
): Promise<ConnectionUnderTest> {
  const connection = await createSqlConnectionStore(ctx.db, ctx.cipher).get(connectionId)
  if (connection === undefined) throw new HttpProblem(404, `no connection ${connectionId}`)
  return connection
}

/** Runs "Test Connection" on `connection` as the signed-in `principal`. */
export async function runConnectionTest(
  ctx: AppContext,
  principal: { id: string; name: string },
  connection: ConnectionUnderTest,
): Promise<TestResult> {
  const user = await testUser(ctx, principal)
  const settings = await platformSettingsOf(ctx)
  const report = await testConnection(
    { settings, clock: ctx.clock, fetch: ctx.outbound },
    connection,
    user,
  )
  return {
    ok: report.passed,
    steps: report.checks.map((check) => ({
      check: check.name,
      name: check.label,
      ok: check.passed,
      detail: check.detail,
    })),
  }
}

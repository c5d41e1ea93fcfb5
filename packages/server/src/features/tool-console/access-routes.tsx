import type { ConsumerKey, Deployment, PlatformRegistration } from '@ltihub/tool'
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { requireRole } from '../../console/guard.js'
import { TOOL_ADMINISTRATORS } from '../../console/access.js'
import { renderConsolePage } from '../../console/render.js'
import type { AppContext } from '../../context.js'
import { HttpProblem } from '../../http/problems.js'
import { parseRequest } from '../../http/validate.js'
import {
  acceptsDynamicRegistration,
  pendingRegistrationIds,
} from '../tool-lti/registration-admission.js'
import {
  createConsumerKey,
  listDeployments,
  listRegistrations,
  setDeploymentStatus,
  sqlConsumerKeyStore,
  sqlRegistrationStore,
} from '../tool-lti/registrations.js'
import {
  DYNAMIC_REGISTRATION_PATHS,
  DynamicRegistrationSection,
  dynamicRegistrationRoutes,
  registrationUrlOf,
} from './registration-routes.js'

export const ACCESS_PATHS = {
  keys: '/console/tool/consumer-keys',
  platforms: '/console/tool/platforms',
} as const

const lmsId = z
  .string()
  .trim()
  .min(1)
  .max(50)
  .regex(/^[\w.-]+$/, { error: 'letters, digits, dot, dash and underscore (no colon)' })
const keyBody = z.object({
  name: z.string().trim().min(1).max(200),
  lmsId,
  key: z
    .string()
    .trim()
    .max(100)
    .regex(/^[\w.-]*$/, { error: 'letters, digits, dot, dash and underscore' }),
})
const httpsUrl = z.url({ protocol: /^https$/, error: 'expected an https URL' }).max(2000)
const registrationBody = z.object({
  name: z.string().trim().min(1).max(200),
  issuer: httpsUrl,
  clientId: z.string().trim().min(1).max(255),
  authLoginUrl: httpsUrl,
  authTokenUrl: httpsUrl,
  jwksUrl: httpsUrl,
  lmsId,
  deploymentPolicy: z.enum(['accept', 'pending']),
})
const deploymentBody = z.object({
  registrationId: z.string().min(1).max(200),
  deploymentId: z.string().min(1).max(255),
  status: z.enum(['active', 'disabled']),
})

const randomSecret = (): string =>
  Buffer.from(crypto.getRandomValues(new Uint8Array(24))).toString('base64url')

function KeysPage({ keys }: { keys: readonly ConsumerKey[] }) {
  return (
    <>
      <table data-testid="consumer-keys">
        <thead>
          <tr>
            <th>Name</th>
            <th>LMS ID</th>
            <th>Key</th>
            <th>Secret</th>
          </tr>
        </thead>
        <tbody>
          {keys.map((k) => (
            <tr key={k.key}>
              <td>{k.name}</td>
              <td>{k.lmsIdPrefix}</td>
              <td>
                <code>{k.key}</code>
              </td>
              <td>
                <details>
                  <summary>Show</summary>
                  <code>{k.secret}</code>
                </details>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>New LTI 1.1 key</h2>
      <form method="post" action={ACCESS_PATHS.keys} class="stack">
        <label>
          Name <input name="name" required maxLength={200} />
        </label>
        <label>
          LMS ID (put before each learner's external ID){' '}
          <input name="lmsId" required maxLength={50} />
        </label>
        <label>
          Key (empty: generated) <input name="key" maxLength={100} />
        </label>
        <button type="submit">Create key and secret</button>
      </form>
    </>
  )
}

function PlatformsPage(props: {
  registrations: readonly PlatformRegistration[]
  deployments: readonly Deployment[]
  /** Registrations no administrator has decided on yet (they may be discarded). */
  pending: ReadonlySet<string>
  acceptsDynamicRegistration: boolean
  registrationUrl: string
}) {
  const nameOf = (id: string) => props.registrations.find((r) => r.id === id)?.name ?? id
  return (
    <>
      <DynamicRegistrationSection
        accepts={props.acceptsDynamicRegistration}
        pending={props.pending.size}
        registrationUrl={props.registrationUrl}
      />
      <h2>Registered platforms</h2>
      <table data-testid="registrations">
        <thead>
          <tr>
            <th>Name</th>
            <th>Issuer</th>
            <th>Client ID</th>
            <th>LMS ID</th>
            <th>New deployments</th>
            <th>Action</th>
          </tr>
        </thead>
        <tbody>
          {props.registrations.map((r) => (
            <tr key={r.id}>
              <td>{r.name}</td>
              <td>{r.issuer}</td>
              <td>
                <code>{r.clientId}</code>
              </td>
              <td>{r.lmsIdPrefix}</td>
              <td>{r.deploymentPolicy === 'accept' ? 'accepted' : 'need approval'}</td>
              <td>
                {props.pending.has(r.id) ? (
                  <form method="post" action={DYNAMIC_REGISTRATION_PATHS.discard}>
                    <input type="hidden" name="registrationId" value={r.id} />
                    <button type="submit" class="secondary">
                      Discard
                    </button>
                  </form>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Deployments</h2>
      <table data-testid="deployments">
        <thead>
          <tr>
            <th>Platform</th>
            <th>Deployment ID</th>
            <th>Status</th>
            <th>Action</th>
          </tr>
        </thead>
        <tbody>
          {props.deployments.map((d) => (
            <tr key={`${d.registrationId}:${d.deploymentId}`}>
              <td>{nameOf(d.registrationId)}</td>
              <td>
                <code>{d.deploymentId}</code>
              </td>
              <td>{d.status}</td>
              <td>
                <form method="post" action={`${ACCESS_PATHS.platforms}/deployments`}>
                  <input type="hidden" name="registrationId" value={d.registrationId} />
                  <input type="hidden" name="deploymentId" value={d.deploymentId} />
                  <input
                    type="hidden"
                    name="status"
                    value={d.status === 'active' ? 'disabled' : 'active'}
                  />
                  <button type="submit" class="secondary">
                    {d.status === 'active' ? 'Disable' : 'Approve'}
                  </button>
                </form>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Register a platform by hand</h2>
      <form method="post" action={ACCESS_PATHS.platforms} class="stack">
        <label>
          Name <input name="name" required />
        </label>
        <label>
          Issuer <input name="issuer" type="url" required />
        </label>
        <label>
          Client ID <input name="clientId" required />
        </label>
        <label>
          OIDC authentication URL <input name="authLoginUrl" type="url" required />
        </label>
        <label>
          Access token URL <input name="authTokenUrl" type="url" required />
        </label>
        <label>
          Public keyset URL <input name="jwksUrl" type="url" required />
        </label>
        <label>
          LMS ID <input name="lmsId" required />
        </label>
        <label>
          New deployments{' '}
          <select name="deploymentPolicy">
            <option value="pending">Wait for approval</option>
            <option value="accept">Accept</option>
          </select>
        </label>
        <button type="submit">Register</button>
      </form>
    </>
  )
}

/** LTI 1.1 consumer keys and LTI 1.3 platform registrations with deployment approval. */
export async function accessRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const admin = { preHandler: requireRole(...TOOL_ADMINISTRATORS) }
  const keys = sqlConsumerKeyStore(ctx.db, ctx)

  app.get(ACCESS_PATHS.keys, admin, async (request, reply) =>
    renderConsolePage(ctx, request, reply, {
      title: 'LTI 1.1 consumer keys',
      body: <KeysPage keys={await keys.list()} />,
    }),
  )
  app.post(ACCESS_PATHS.keys, admin, async (request, reply) => {
    const body = parseRequest(keyBody, request.body, 'body')
    const key = body.key === '' ? `key-${randomSecret().slice(0, 12)}` : body.key
    const created = await createConsumerKey(ctx.db, ctx, {
      key,
      secret: randomSecret(),
      name: body.name,
      lmsIdPrefix: body.lmsId,
      enabled: true,
    })
    if (!created) throw new HttpProblem(409, 'this key exists already')
    return reply.redirect(ACCESS_PATHS.keys, 303)
  })

  app.get(ACCESS_PATHS.platforms, admin, async (request, reply) =>
    renderConsolePage(ctx, request, reply, {
      title: 'LTI 1.3 platforms',
      body: (
        <PlatformsPage
          registrations={await listRegistrations(ctx.db)}
          deployments={await listDeployments(ctx.db)}
          pending={await pendingRegistrationIds(ctx.db)}
          acceptsDynamicRegistration={await acceptsDynamicRegistration(ctx.db)}
          registrationUrl={registrationUrlOf(ctx)}
        />
      ),
    }),
  )
  app.post(ACCESS_PATHS.platforms, admin, async (request, reply) => {
    const body = parseRequest(registrationBody, request.body, 'body')
    await sqlRegistrationStore(ctx.db, ctx.clock).upsert({
      name: body.name,
      issuer: body.issuer,
      clientId: body.clientId,
      authLoginUrl: body.authLoginUrl,
      authTokenUrl: body.authTokenUrl,
      jwksUrl: body.jwksUrl,
      deploymentPolicy: body.deploymentPolicy,
      lmsIdPrefix: body.lmsId,
      enabled: true,
    })
    return reply.redirect(ACCESS_PATHS.platforms, 303)
  })
  app.post(`${ACCESS_PATHS.platforms}/deployments`, admin, async (request, reply) => {
    const body = parseRequest(deploymentBody, request.body, 'body')
    if (!(await setDeploymentStatus(ctx.db, body.registrationId, body.deploymentId, body.status))) {
      throw new HttpProblem(404, 'no such deployment')
    }
    return reply.redirect(ACCESS_PATHS.platforms, 303)
  })
  await dynamicRegistrationRoutes(app, ctx, ACCESS_PATHS.platforms)
}

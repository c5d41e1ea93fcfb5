import type { Deployment, DeploymentStatus, PlatformRegistration } from '@ltihub/tool'
import {
  ButtonForm,
  ConfirmDelete,
  ErrorSummary,
  type FieldErrors,
  Saved,
  Select,
  TextField,
} from '../../console/form.js'
import { LocalTime } from '../../console/local-time.js'
import { ACCESS_PATHS, sub } from './paths.js'
import type { Usage } from './records.js'
import { DYNAMIC_REGISTRATION_PATHS, DynamicRegistrationSection } from './registration-routes.js'

export const PLATFORM_NOTICES = {
  registered: 'Platform registered. Launches from it are accepted as its deployments allow.',
  saved: 'Platform settings saved.',
  enabled: 'Platform enabled: logins and launches from it are accepted again.',
  disabled: 'Platform disabled: logins and launches from it are refused until you enable it.',
  approved: 'Deployment approved: launches through it are accepted.',
  revoked: 'Deployment revoked: launches through it are refused.',
  deleted: 'Platform deleted with its deployments.',
  discarded: 'Waiting registration discarded.',
  'dynamic-registration': 'Dynamic Registration setting saved.',
} as const

/** The form's values as typed (or as stored), by field name. */
export type PlatformValues = Readonly<Record<keyof typeof EMPTY_PLATFORM, string>>

export const EMPTY_PLATFORM = {
  name: '',
  issuer: '',
  clientId: '',
  authLoginUrl: '',
  authTokenUrl: '',
  jwksUrl: '',
  lmsId: '',
  deploymentPolicy: 'pending',
} as const

export const platformValuesOf = (r: PlatformRegistration): PlatformValues => ({
  name: r.name,
  issuer: r.issuer,
  clientId: r.clientId,
  authLoginUrl: r.authLoginUrl,
  authTokenUrl: r.authTokenUrl,
  jwksUrl: r.jwksUrl,
  lmsId: r.lmsIdPrefix,
  deploymentPolicy: r.deploymentPolicy,
})

const POLICIES = [
  ['pending', 'Wait for my approval'],
  ['accept', 'Accept'],
] as const

const STATUS_WORDS: Record<DeploymentStatus, string> = {
  active: 'approved',
  pending: 'waiting for approval',
  disabled: 'revoked',
}

/** The settings both the registration and the edit form hold. */
function SettingFields(props: { form: string; values: PlatformValues; errors: FieldErrors }) {
  const { form, values, errors } = props
  const url = (name: 'authLoginUrl' | 'authTokenUrl' | 'jwksUrl', label: string) => (
    <TextField
      form={form}
      label={label}
      name={name}
      type="url"
      wide
      value={values[name]}
      errors={errors}
      maxLength={2000}
      required
    />
  )
  return (
    <>
      {url('authLoginUrl', 'OIDC authentication URL')}
      {url('authTokenUrl', 'Access token URL')}
      {url('jwksUrl', 'Public keyset URL')}
      <TextField
        form={form}
        label="LMS ID"
        name="lmsId"
        hint="Put before each learner's external ID."
        value={values.lmsId}
        errors={errors}
        maxLength={50}
        required
      />
      <Select
        form={form}
        label="New deployments"
        name="deploymentPolicy"
        value={values.deploymentPolicy}
        options={POLICIES}
        errors={errors}
      />
    </>
  )
}

export function PlatformsPage(props: {
  registrations: readonly PlatformRegistration[]
  /** Registrations no administrator has decided on yet (they may be discarded). */
  pending: ReadonlySet<string>
  acceptsDynamicRegistration: boolean
  registrationUrl: string
  values: PlatformValues
  errors: FieldErrors
  notice: string | undefined
}) {
  const { values, errors } = props
  return (
    <>
      <Saved message={props.notice} />
      <DynamicRegistrationSection
        accepts={props.acceptsDynamicRegistration}
        pending={props.pending.size}
        registrationUrl={props.registrationUrl}
      />
      <h2>Registered platforms</h2>
      {props.registrations.length === 0 ? (
        <p>No platforms registered yet.</p>
      ) : (
        <table data-testid="registrations">
          <thead>
            <tr>
              <th>Name</th>
              <th>Issuer</th>
              <th>Client ID</th>
              <th>LMS ID</th>
              <th>New deployments</th>
              <th>Status</th>
              <th>Action</th>
            </tr>
          </thead>
          <tbody>
            {props.registrations.map((r) => (
              <tr key={r.id}>
                <td>
                  <a href={ACCESS_PATHS.platform(r.id)}>{r.name}</a>
                </td>
                <td>{r.issuer}</td>
                <td>
                  <code>{r.clientId}</code>
                </td>
                <td>{r.lmsIdPrefix}</td>
                <td>{r.deploymentPolicy === 'accept' ? 'accepted' : 'need approval'}</td>
                <td>{r.enabled ? 'Enabled' : 'Disabled'}</td>
                <td>
                  {props.pending.has(r.id) ? (
                    <ButtonForm
                      action={DYNAMIC_REGISTRATION_PATHS.discard}
                      label="Discard"
                      ariaLabel={`Discard ${r.name}`}
                    >
                      <input type="hidden" name="registrationId" value={r.id} />
                    </ButtonForm>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2 id="register">Register a platform by hand</h2>
      <ErrorSummary errors={errors} form="platform" />
      <form method="post" action={ACCESS_PATHS.platforms} class="stack" aria-labelledby="register">
        <TextField
          form="platform"
          label="Name"
          name="name"
          value={values.name}
          errors={errors}
          maxLength={200}
          required
        />
        <TextField
          form="platform"
          label="Issuer"
          name="issuer"
          type="url"
          wide
          value={values.issuer}
          errors={errors}
          maxLength={2000}
          required
        />
        <TextField
          form="platform"
          label="Client ID"
          name="clientId"
          value={values.clientId}
          errors={errors}
          maxLength={255}
          required
        />
        <SettingFields form="platform" values={values} errors={errors} />
        <button type="submit">Register</button>
      </form>
    </>
  )
}

function DeploymentRows(props: {
  registration: PlatformRegistration
  deployments: readonly Deployment[]
}) {
  if (props.deployments.length === 0) {
    return <p>No deployment has launched yet: each appears here at its first launch.</p>
  }
  return (
    <table data-testid="deployments">
      <thead>
        <tr>
          <th>Deployment ID</th>
          <th>First seen</th>
          <th>Status</th>
          <th>Action</th>
        </tr>
      </thead>
      <tbody>
        {props.deployments.map((d) => (
          <tr key={d.deploymentId}>
            <td>
              <code>{d.deploymentId}</code>
            </td>
            <td>
              <LocalTime epochMs={d.firstSeenAt} />
            </td>
            <td>{STATUS_WORDS[d.status]}</td>
            <td>
              <ButtonForm
                action={ACCESS_PATHS.deployments}
                label={d.status === 'active' ? 'Revoke' : 'Approve'}
                ariaLabel={`${d.status === 'active' ? 'Revoke' : 'Approve'} deployment ${d.deploymentId}`}
              >
                <input type="hidden" name="registrationId" value={props.registration.id} />
                <input type="hidden" name="deploymentId" value={d.deploymentId} />
                <input
                  type="hidden"
                  name="status"
                  value={d.status === 'active' ? 'disabled' : 'active'}
                />
              </ButtonForm>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

export function PlatformPage(props: {
  registration: PlatformRegistration
  deployments: readonly Deployment[]
  values: PlatformValues
  errors: FieldErrors
  notice: string | undefined
}) {
  const { registration: r, values, errors } = props
  const path = ACCESS_PATHS.platform(r.id)
  return (
    <>
      <Saved message={props.notice} />
      <p>
        <a href={ACCESS_PATHS.platforms}>All platforms</a>
      </p>
      <dl class="facts" data-testid="platform-facts">
        <dt>Issuer</dt>
        <dd>
          <code>{r.issuer}</code>
        </dd>
        <dt>Client ID</dt>
        <dd>
          <code>{r.clientId}</code>
        </dd>
        <dt>Status</dt>
        <dd data-testid="platform-status">{r.enabled ? 'Enabled' : 'Disabled'}</dd>
      </dl>
      <h2>Deployments</h2>
      <DeploymentRows registration={r} deployments={props.deployments} />
      <h2 id="edit-platform">Settings</h2>
      <ErrorSummary errors={errors} form="platform" />
      <form method="post" action={path} class="stack" aria-labelledby="edit-platform">
        <TextField
          form="platform"
          label="Name"
          name="name"
          value={values.name}
          errors={errors}
          maxLength={200}
          required
        />
        <SettingFields form="platform" values={values} errors={errors} />
        <button type="submit">Save</button>
      </form>
      <h2>Actions</h2>
      <div class="actions">
        <ButtonForm
          action={sub(path, 'enabled')}
          label={r.enabled ? 'Disable' : 'Enable'}
          name="enabled"
          value={r.enabled ? 'off' : 'on'}
        />
        <a href={sub(path, 'delete')}>Delete…</a>
      </div>
    </>
  )
}

export function PlatformDeletePage(props: {
  registration: PlatformRegistration
  deployments: readonly Deployment[]
  usage: Usage
  errors: FieldErrors
}) {
  const { registration: r, usage } = props
  const path = ACCESS_PATHS.platform(r.id)
  return (
    <ConfirmDelete
      heading={`Delete the platform ${r.name}`}
      action={sub(path, 'delete')}
      button="Delete platform"
      cancelHref={path}
      errors={props.errors}
      consequences={
        <>
          <p>Logins and launches from {r.issuer} are refused from then on. Also:</p>
          <ul data-testid="consequences">
            <li>
              Its {props.deployments.length} deployment(s) go with it
              {props.deployments.length === 0
                ? ''
                : `: ${props.deployments.map((d) => d.deploymentId).join(', ')}`}
              .
            </li>
            <li>{usage.activeEnrolments} active enrolment(s) came through it.</li>
            <li>{usage.undeliveredGrades} grade(s) not yet delivered to it will fail.</li>
            {usage.publications.length === 0 ? null : (
              <li>
                Publications limited to it, which no one can then launch:{' '}
                {usage.publications.map((p) => p.name).join(', ')}
              </li>
            )}
          </ul>
          <p>To stop launches for a while instead, disable the platform.</p>
        </>
      }
    />
  )
}

/**
 * The New / Edit LTI Connection form (fields as the console has always shown them), with its
 * Test Connection result and the Enabled Schools list: schools another connection of the same
 * application holds, and unlicensed schools, are not offered.
 */
import {
  Checkbox,
  ConfirmDelete,
  ErrorSummary,
  type FieldErrors,
  Saved,
  SecretsNote,
  TextArea,
  TextField,
} from '../../console/form.js'
import type { FormValues } from './console-form.js'
import { CONNECTION_TYPE_LABELS, CONNECTION_TYPES, type ConnectionView } from './model.js'
import { applicationPath, connectionPath } from './pages-applications.js'
import type { ApplicationSummary } from './service.js'
import type { TestResult } from './test-connection.js'

export interface SchoolChoice {
  readonly id: string
  readonly name: string
  readonly licensed: boolean
  readonly takenBy: string | undefined
}

export interface ConnectionFormProps {
  readonly title: string
  readonly app: ApplicationSummary
  readonly action: string
  readonly values: FormValues
  readonly schools: readonly SchoolChoice[]
  readonly errors?: FieldErrors
  readonly test?: TestResult
  readonly saved?: boolean
  /** The stored connection (edit): its LTI 1.3 client_id and deployments are shown. */
  readonly connection?: ConnectionView | undefined
}

function TestResultView({ test }: { test: TestResult }) {
  return (
    <section class="card" data-testid="test-result" data-ok={String(test.ok)}>
      <h2 class={test.ok ? 'ok' : 'bad'}>
        {test.ok ? 'Connection test passed' : 'Connection test failed'}
      </h2>
      <ul>
        {test.steps.map((step) => (
          <li key={step.name} class={step.ok ? 'ok' : 'bad'}>
            <strong>{step.name}:</strong> {step.detail}
          </li>
        ))}
      </ul>
    </section>
  )
}

function Schools({ schools, values }: Pick<ConnectionFormProps, 'schools' | 'values'>) {
  const offered = schools.filter((s) => s.licensed && s.takenBy === undefined)
  const taken = schools.filter((s) => s.takenBy !== undefined).length
  const chosen = (id: string) => values.schoolIds === undefined || values.schoolIds.includes(id)
  return (
    <fieldset data-testid="enabled-schools">
      <legend>Enabled Schools (school must have a learning licence) *</legend>
      <p class="muted">
        Each school can only have one connection per provider. Schools with an existing connection
        are not available for this connection. To change a connection, remove a school from the
        existing one and add it here.
      </p>
      <input type="hidden" name="schoolsShown" value="1" />
      {offered.length === 0 && <p>No school is available for this connection.</p>}
      {offered.map((school) => (
        <label key={school.id}>
          <input type="checkbox" name="schoolIds" value={school.id} checked={chosen(school.id)} />{' '}
          {school.name}
        </label>
      ))}
      {taken > 0 && (
        <p class="muted" data-testid="schools-taken">
          {`${taken} school${taken === 1 ? ' is' : 's are'} in another connection of this application.`}
        </p>
      )}
    </fieldset>
  )
}

function Lti13Fields({
  values,
  connection,
  errors,
}: Pick<ConnectionFormProps, 'values' | 'connection'> & { errors: FieldErrors }) {
  const lti13 = connection?.lti13
  return (
    <fieldset>
      <legend>LTI 1.3 registration</legend>
      {lti13 !== undefined && (
        <dl class="facts" data-testid="lti13-ids">
          <dt>Issuer</dt>
          <dd>
            <code>{lti13.issuer}</code>
          </dd>
          <dt>Client ID</dt>
          <dd>
            <code>{lti13.clientId}</code>
          </dd>
          <dt>Deployment IDs</dt>
          <dd>
            <code>{lti13.deploymentIds.join(', ')}</code>
          </dd>
        </dl>
      )}
      <TextField
        form="connection"
        label="Tool login initiation URL"
        name="loginUrl"
        type="url"
        wide
        value={values.loginUrl}
        errors={errors}
        maxLength={2048}
      />
      <TextArea
        form="connection"
        label="Redirect URIs"
        name="redirectUris"
        hint="One URL a line."
        rows={2}
        value={values.redirectUris}
        errors={errors}
        maxLength={20 * 2048}
      />
      <TextField
        form="connection"
        label="Tool JWKS URL"
        name="jwksUrl"
        type="url"
        wide
        value={values.jwksUrl}
        errors={errors}
        maxLength={2048}
      />
      <TextArea
        form="connection"
        label="…or the tool's public key (JWK)"
        name="publicJwk"
        rows={2}
        value={values.publicJwk}
        errors={errors}
        maxLength={20_000}
      />
    </fieldset>
  )
}

export function ConnectionFormPage(props: ConnectionFormProps) {
  const { app, values } = props
  const errors = props.errors ?? {}
  return (
    <>
      <p class="muted">
        <a href={applicationPath(app.id)}>{app.name}</a>
      </p>
      <h1>{props.title}</h1>
      <Saved message={props.saved === true ? 'Connection saved.' : undefined} />
      <ErrorSummary errors={errors} form="connection" />
      <SecretsNote errors={errors} text="The LTI 1.1 secret is not kept: type it again." />
      {props.test !== undefined && <TestResultView test={props.test} />}
      <form method="post" action={props.action} class="stack" data-testid="connection-form">
        <TextField
          form="connection"
          label="Name"
          name="name"
          value={values.name}
          errors={errors}
          maxLength={100}
          required
        />
        <Checkbox
          form="connection"
          label="Enabled"
          name="enabled"
          checked={values.enabled}
          errors={errors}
        />
        <TextField
          form="connection"
          label="Launch URL"
          name="launchUrl"
          hint="Must start with https://."
          type="url"
          wide
          value={values.launchUrl}
          errors={errors}
          maxLength={2048}
          required
        />
        <Checkbox
          form="connection"
          label="Transfer Email Address"
          name="transferEmail"
          checked={values.transferEmail}
          errors={errors}
        />
        <fieldset>
          <legend>LTI 1.1</legend>
          <TextField
            form="connection"
            label="Key"
            name="consumerKey"
            value={values.consumerKey}
            errors={errors}
            maxLength={255}
            autoComplete="off"
          />
          <TextField
            form="connection"
            label="Secret"
            name="secret"
            type="password"
            {...(values.hasSecret ? { hint: 'Leave empty to keep the saved secret.' } : {})}
            value=""
            errors={errors}
            maxLength={255}
            autoComplete="new-password"
          />
        </fieldset>
        <Lti13Fields values={values} connection={props.connection} errors={errors} />
        <p>
          <button type="submit" name="intent" value="test" class="secondary">
            Test Connection
          </button>
        </p>
        <fieldset>
          <legend>Connection types</legend>
          {CONNECTION_TYPES.filter((t) => app.supportedTypes.includes(t)).map((type) => (
            <label key={type}>
              <input
                type="checkbox"
                name="types"
                value={type}
                checked={values.types.includes(type)}
              />{' '}
              {CONNECTION_TYPE_LABELS[type]}
            </label>
          ))}
        </fieldset>
        <Schools schools={props.schools} values={values} />
        <fieldset>
          <legend>Include in Learning Tools List</legend>
          <label>
            <input type="checkbox" name="listParent" checked={values.listParent} /> Parent portal
          </label>
          <label>
            <input type="checkbox" name="listStudent" checked={values.listStudent} /> Student portal
          </label>
        </fieldset>
        <TextArea
          form="connection"
          label="Custom parameters"
          name="customParameters"
          hint="Advanced settings: name=value, one a line."
          rows={4}
          value={values.customParameters}
          errors={errors}
          maxLength={20_000}
        />
        <p>
          <button type="submit" name="intent" value="save">
            Save
          </button>{' '}
          <a class="button" href={applicationPath(app.id)}>
            Close
          </a>
        </p>
      </form>
      {props.connection === undefined ? null : (
        <p>
          <a href={`${connectionPath(props.connection.id)}/delete`}>Delete this connection…</a>
        </p>
      )}
    </>
  )
}

/** The confirmation of deleting a connection: its schools lose the tool. */
export function ConnectionDeletePage(props: { connection: ConnectionView; errors: FieldErrors }) {
  const { connection } = props
  const path = connectionPath(connection.id)
  const deployments = connection.lti13?.deploymentIds ?? []
  return (
    <ConfirmDelete
      heading={`Delete the connection ${connection.name}`}
      action={`${path}/delete`}
      button="Delete connection"
      cancelHref={path}
      errors={props.errors}
      consequences={
        <ul data-testid="consequences">
          <li>
            Its {connection.schoolIds.length} school(s) can no longer launch the tool through it.
          </li>
          <li>
            {deployments.length} LTI 1.3 deployment(s) go with it
            {deployments.length === 0 ? '.' : `: ${deployments.join(', ')}.`}
          </li>
          <li>To stop launches for a while instead, untick Enabled and save.</li>
        </ul>
      }
    />
  )
}

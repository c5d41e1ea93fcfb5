/**
 * The New / Edit LTI Connection form (fields as the console has always shown them), with its
 * Test Connection result and the Enabled Schools list: schools another connection of the same
 * application holds, and unlicensed schools, are not offered.
 */
import type { FormValues } from './console-form.js'
import { CONNECTION_TYPE_LABELS, CONNECTION_TYPES, type ConnectionView } from './model.js'
import { applicationPath } from './pages-applications.js'
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
  readonly errors?: readonly { readonly path: string; readonly message: string }[]
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

function Lti13Fields({ values, connection }: Pick<ConnectionFormProps, 'values' | 'connection'>) {
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
      <label>
        Tool login initiation URL <input name="loginUrl" value={values.loginUrl} maxLength={2048} />
      </label>
      <label>
        Redirect URIs (one a line)
        <textarea name="redirectUris" rows={2}>
          {values.redirectUris}
        </textarea>
      </label>
      <label>
        Tool JWKS URL <input name="jwksUrl" value={values.jwksUrl} maxLength={2048} />
      </label>
      <label>
        …or the tool's public key (JWK)
        <textarea name="publicJwk" rows={2}>
          {values.publicJwk}
        </textarea>
      </label>
    </fieldset>
  )
}

export function ConnectionFormPage(props: ConnectionFormProps) {
  const { app, values } = props
  return (
    <>
      <p class="muted">
        <a href={applicationPath(app.id)}>{app.name}</a>
      </p>
      <h1>{props.title}</h1>
      {props.saved === true && <p class="notice">Saved.</p>}
      {props.errors !== undefined && props.errors.length > 0 && (
        <ul class="notice" data-testid="form-errors">
          {props.errors.map((e) => (
            <li key={`${e.path}:${e.message}`}>{e.message}</li>
          ))}
        </ul>
      )}
      {props.test !== undefined && <TestResultView test={props.test} />}
      <form method="post" action={props.action} class="stack" data-testid="connection-form">
        <label>
          Name * <input name="name" value={values.name} required maxLength={100} />
        </label>
        <label>
          <input type="checkbox" name="enabled" checked={values.enabled} /> Enabled
        </label>
        <label>
          Launch Url (must start with https://) *{' '}
          <input name="launchUrl" value={values.launchUrl} required maxLength={2048} />
        </label>
        <label>
          <input type="checkbox" name="transferEmail" checked={values.transferEmail} /> Transfer
          Email Address
        </label>
        <fieldset>
          <legend>LTI 1.1</legend>
          <label>
            Key{' '}
            <input
              name="consumerKey"
              value={values.consumerKey}
              maxLength={255}
              autocomplete="off"
            />
          </label>
          <label>
            Secret{' '}
            <input
              name="secret"
              type="password"
              maxLength={255}
              autocomplete="new-password"
              placeholder={values.hasSecret ? '(unchanged)' : ''}
            />
          </label>
        </fieldset>
        <Lti13Fields values={values} connection={props.connection} />
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
        <label>
          Advanced Settings: custom parameters (name=value, one a line)
          <textarea name="customParameters" rows={4}>
            {values.customParameters}
          </textarea>
        </label>
        <p>
          <button type="submit" name="intent" value="save">
            Save
          </button>{' '}
          <a class="button" href={applicationPath(app.id)}>
            Close
          </a>
        </p>
      </form>
    </>
  )
}

/**
 * Console view of LTI Dynamic Registration: start a registration from a tool's registration URL,
 * and approve or reject the registrations waiting for an administrator.
 */
import {
  CONNECTION_TYPE_LABELS,
  CONNECTION_TYPES,
  type ApplicationView,
  type ConnectionView,
} from './model.js'
import { REGISTRATIONS_PATH } from './pages-applications.js'

export interface RegistrationsProps {
  readonly pending: readonly ConnectionView[]
  readonly apps: readonly ApplicationView[]
  readonly schools: readonly { readonly id: string; readonly name: string }[]
  readonly errors?: readonly string[]
}

function Pending({
  c,
  apps,
  schools,
}: {
  c: ConnectionView
  apps: RegistrationsProps['apps']
  schools: RegistrationsProps['schools']
}) {
  const action = `${REGISTRATIONS_PATH}/${encodeURIComponent(c.id)}`
  const requested = c.registration?.schoolIds ?? []
  return (
    <section class="card wide" data-testid={`registration-${c.id}`}>
      <h2>{c.name}</h2>
      <dl class="facts">
        <dt>Login initiation URL</dt>
        <dd>
          <code>{c.lti13?.loginUrl ?? ''}</code>
        </dd>
        <dt>Redirect URIs</dt>
        <dd>
          <code>{(c.lti13?.redirectUris ?? []).join(' ')}</code>
        </dd>
        <dt>JWKS URL</dt>
        <dd>
          <code>{c.lti13?.jwksUrl ?? ''}</code>
        </dd>
        <dt>Client ID</dt>
        <dd>
          <code>{c.lti13?.clientId ?? ''}</code>
        </dd>
        <dt>Requested claims</dt>
        <dd>{(c.registration?.requestedClaims ?? []).join(', ') || 'none'}</dd>
        <dt>Contacts</dt>
        <dd>{(c.registration?.contacts ?? []).join(', ') || 'none'}</dd>
        <dt>Requested by</dt>
        <dd>{c.registration?.requestedBy ?? ''}</dd>
      </dl>
      <form method="post" action={`${action}/approve`} class="stack">
        <input type="hidden" name="loginUrl" value={c.lti13?.loginUrl ?? ''} />
        <input type="hidden" name="redirectUris" value={(c.lti13?.redirectUris ?? []).join('\n')} />
        <input type="hidden" name="jwksUrl" value={c.lti13?.jwksUrl ?? ''} />
        <input type="hidden" name="launchUrl" value={c.launchUrl} />
        <input type="hidden" name="enabled" value="on" />
        <label>
          Application{' '}
          <select name="applicationId" required>
            {apps.map((app) => (
              <option key={app.id} value={app.id}>
                {app.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Connection name <input name="name" value={c.name} required maxLength={100} />
        </label>
        <fieldset>
          <legend>Connection types (the application must support them)</legend>
          {CONNECTION_TYPES.map((type) => (
            <label key={type}>
              <input type="checkbox" name="types" value={type} /> {CONNECTION_TYPE_LABELS[type]}
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend>Enabled schools</legend>
          <input type="hidden" name="schoolsShown" value="1" />
          {schools.map((school) => (
            <label key={school.id}>
              <input
                type="checkbox"
                name="schoolIds"
                value={school.id}
                checked={requested.includes(school.id)}
              />{' '}
              {school.name}
            </label>
          ))}
        </fieldset>
        <p>
          <button type="submit">Approve</button>{' '}
          <button type="submit" class="secondary" formaction={`${action}/reject`}>
            Reject
          </button>
        </p>
      </form>
    </section>
  )
}

export function RegistrationsPage(props: RegistrationsProps) {
  return (
    <>
      <h1>Tool Registrations</h1>
      {props.errors?.map((error) => (
        <p class="notice" key={error}>
          {error}
        </p>
      ))}
      <section class="card">
        <h2>Register a tool by URL</h2>
        <p class="muted">
          Opens the tool's registration page with this platform's configuration and a single-use
          registration token. The registered tool then waits here for your approval.
        </p>
        <form method="post" action={`${REGISTRATIONS_PATH}/start`} class="stack">
          <label>
            Tool registration URL <input name="toolRegistrationUrl" required maxLength={2048} />
          </label>
          <fieldset>
            <legend>Schools offered</legend>
            {props.schools.map((school) => (
              <label key={school.id}>
                <input type="checkbox" name="schoolIds" value={school.id} checked /> {school.name}
              </label>
            ))}
          </fieldset>
          <button type="submit">Start registration</button>
        </form>
      </section>
      <h2>{`Waiting for approval (${props.pending.length})`}</h2>
      {props.pending.length === 0 && <p class="muted">No registration is waiting.</p>}
      {props.pending.map((c) => (
        <Pending key={c.id} c={c} apps={props.apps} schools={props.schools} />
      ))}
    </>
  )
}

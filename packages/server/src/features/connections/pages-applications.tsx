/**
 * Console views: the "Digital Learning Applications" list and one application's page with its
 * lozenges and LTI Connections table.
 */
import type { ComponentChildren } from 'preact'
import { ErrorSummary, type FieldErrors, Saved, TextField } from '../../console/form.js'
import type { PartnerView } from './application-repository.js'
import { CONNECTION_TYPE_LABELS, CONNECTION_TYPES, type ConnectionView } from './model.js'
import type { ApplicationSummary } from './service.js'
import type { ConnectionType } from './table.js'

export const CONSOLE_BASE = '/console/platform/applications'
export const REGISTRATIONS_PATH = '/console/platform/registrations'

export const applicationPath = (id: string) => `${CONSOLE_BASE}/${encodeURIComponent(id)}`
export const connectionPath = (id: string) =>
  `/console/platform/connections/${encodeURIComponent(id)}`

/**
 * The lozenges: black without a check when the partner supports a type, with ✓ when the
 * district enabled it on a connection. Types the partner does not support are not shown.
 */
export function Lozenges(props: {
  supported: readonly ConnectionType[]
  enabled: readonly ConnectionType[]
}) {
  return (
    <p class="lozenges" data-testid="lozenges">
      {CONNECTION_TYPES.filter((type) => props.supported.includes(type)).map((type) => {
        const on = props.enabled.includes(type)
        return (
          <span
            key={type}
            class={on ? 'badge ok' : 'badge'}
            data-testid={`lozenge-${type}`}
            data-state={on ? 'enabled' : 'available'}
          >
            {on ? `✓ ${CONNECTION_TYPE_LABELS[type]}` : CONNECTION_TYPE_LABELS[type]}
          </span>
        )
      })}
    </p>
  )
}

function TypeChoices({ name }: { name: string }) {
  return (
    <fieldset>
      <legend>Supported connection types</legend>
      {CONNECTION_TYPES.map((type) => (
        <label key={type}>
          <input type="checkbox" name={name} value={type} /> {CONNECTION_TYPE_LABELS[type]}
        </label>
      ))}
    </fieldset>
  )
}

export function ApplicationsPage(props: {
  apps: readonly ApplicationSummary[]
  partners: readonly PartnerView[]
  pendingCount: number
  errors?: readonly string[]
  notice?: string | undefined
}) {
  return (
    <>
      <h1>Digital Learning Applications</h1>
      <p class="muted">Configure LTI connections to external learning tool applications.</p>
      <Saved message={props.notice} />
      {props.errors?.map((error) => (
        <p class="notice error" role="alert" key={error}>
          {error}
        </p>
      ))}
      {props.pendingCount > 0 && (
        <p class="notice">
          <a href={REGISTRATIONS_PATH}>
            {props.pendingCount} tool registration{props.pendingCount === 1 ? '' : 's'} waiting for
            approval
          </a>
        </p>
      )}
      <table data-testid="applications">
        <thead>
          <tr>
            <th>APPLICATION</th>
            <th>CONNECTION TYPES</th>
            <th>LTI CONNECTIONS</th>
          </tr>
        </thead>
        <tbody>
          {props.apps.map((app) => (
            <tr key={app.id}>
              <td>
                <a href={applicationPath(app.id)}>{app.name}</a>
              </td>
              <td>
                <Lozenges supported={app.supportedTypes} enabled={app.enabledTypes} />
              </td>
              <td>{app.connectionCount}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div class="cards">
        <section class="card">
          <h2>Add Application</h2>
          <form method="post" action={`${CONSOLE_BASE}/add`} class="stack">
            <label>
              Supported partner{' '}
              <select name="partnerId" required>
                {props.partners.map((partner) => (
                  <option key={partner.id} value={partner.id}>
                    {partner.name}
                  </option>
                ))}
              </select>
            </label>
            <button type="submit">Add Application</button>
          </form>
        </section>
        <section class="card">
          <h2>Custom application</h2>
          <form method="post" action={`${CONSOLE_BASE}/add-custom`} class="stack">
            <label>
              Name * <input name="name" required maxLength={100} />
            </label>
            <label>
              Launch URL * <input name="launchUrl" type="url" required maxLength={2048} />
            </label>
            <TypeChoices name="supportedTypes" />
            <fieldset>
              <legend>LTI versions</legend>
              <label>
                <input type="checkbox" name="ltiVersions" value="1.1" checked /> LTI 1.1
              </label>
              <label>
                <input type="checkbox" name="ltiVersions" value="1.3" /> LTI 1.3
              </label>
            </fieldset>
            <button type="submit">Add custom application</button>
          </form>
        </section>
        <section class="card">
          <h2>Register a tool by URL</h2>
          <p class="muted">
            LTI Dynamic Registration: the tool registers itself and waits for your approval.
          </p>
          <a class="button" href={REGISTRATIONS_PATH}>
            Tool registrations
          </a>
        </section>
      </div>
    </>
  )
}

function ConnectionsTable({ connections }: { connections: readonly ConnectionView[] }) {
  return (
    <table data-testid="connections">
      <thead>
        <tr>
          <th>ENABLED</th>
          <th>CONNECTION NAME</th>
          <th>SELECTED SCHOOLS</th>
        </tr>
      </thead>
      <tbody>
        {connections.map((c) => (
          <tr key={c.id} data-testid={`connection-row-${c.name}`}>
            <td>{c.status === 'active' ? 'YES' : 'NO'}</td>
            <td>
              <a href={connectionPath(c.id)}>{c.name}</a>
            </td>
            <td>{c.schoolIds.length}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

export const CARTRIDGE_LABELS = { url: 'Cartridge URL' } as const

export function ApplicationPage(props: {
  app: ApplicationSummary
  connections: readonly ConnectionView[]
  notice?: string | undefined
  /** The settings form (its values, or a refused form's). */
  settings?: ComponentChildren
  /** A refused cartridge import: the URL as typed and why. */
  cartridge?: { readonly url: string; readonly errors: FieldErrors } | undefined
}) {
  const { app } = props
  const base = applicationPath(app.id)
  return (
    <>
      <p class="muted">
        <a href={CONSOLE_BASE}>Digital Learning Applications</a>
      </p>
      <h1>{`Edit ${app.name}`}</h1>
      <Saved message={props.notice} />
      {app.description !== '' && <p>{app.description}</p>}
      <p class="muted">
        {app.partnerId === null ? 'Custom application' : 'ltihub supports this connection'}
      </p>
      <Lozenges supported={app.supportedTypes} enabled={app.enabledTypes} />
      <h2>{`LTI Connections (${props.connections.length})`}</h2>
      <ConnectionsTable connections={props.connections} />
      <p>
        <a class="button" href={`${base}/connections/new`}>
          + Add LTI Connection
        </a>
      </p>
      <form method="post" action={`${base}/connections/import`} class="stack">
        <ErrorSummary errors={props.cartridge?.errors ?? {}} form="cartridge" />
        <TextField
          form="cartridge"
          name="url"
          label={CARTRIDGE_LABELS.url}
          hint="Configures a new LTI Connection from the tool's Basic LTI link."
          type="url"
          wide
          required
          maxLength={2048}
          value={props.cartridge?.url ?? ''}
          errors={props.cartridge?.errors ?? {}}
        />
        <button type="submit" class="secondary">
          Import cartridge
        </button>
      </form>
      {props.settings}
      <div class="actions">
        <a class="button" href={CONSOLE_BASE}>
          Done
        </a>{' '}
        {app.partnerId !== null && (
          <a class="button secondary" href={`${base}/restore-defaults`}>
            Restore Defaults…
          </a>
        )}{' '}
        <a class="button" href={`${base}/delete`}>
          Delete…
        </a>
      </div>
    </>
  )
}

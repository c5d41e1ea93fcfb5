/** Console pages where an administrator manages identity providers. */
import { ErrorSummary, type FieldErrors, Saved, TextArea, TextField } from '../../console/form.js'
import type { IdentityProvider, ProviderFormValues } from './model.js'
import { redirectUriOf, SSO_PATHS } from './paths.js'

function Status({ enabled }: { enabled: boolean }) {
  return enabled ? <span class="badge ok">enabled</span> : <span class="badge muted">disabled</span>
}

export function ProvidersPage(props: {
  providers: readonly IdentityProvider[]
  publicUrl: string
  notice?: string | undefined
}) {
  return (
    <>
      <h1>Identity providers</h1>
      <Saved message={props.notice} />
      <section class="card wide" data-testid="identity-providers">
        <p class="muted">
          People whose verified email address matches a person on this instance sign in through
          these OpenID Connect providers. Register this redirect URI at the provider, with your
          short name in place of <code>NAME</code>:{' '}
          <code>{redirectUriOf(props.publicUrl, 'NAME')}</code>
        </p>
        {props.providers.length === 0 ? (
          <p>No identity provider yet.</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th>Name</th>
                <th>Issuer</th>
                <th>Status</th>
              </tr>
            </thead>
            <tbody>
              {props.providers.map((provider) => (
                <tr key={provider.id}>
                  <td>
                    <a href={SSO_PATHS.view(provider.id)}>{provider.displayName}</a>{' '}
                    <span class="muted">({provider.id})</span>
                  </td>
                  <td>
                    <code>{provider.issuer}</code>
                  </td>
                  <td>
                    <Status enabled={provider.enabled} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <p>
          <a class="button" href={SSO_PATHS.add}>
            Add identity provider
          </a>
        </p>
      </section>
    </>
  )
}

export interface ProviderFormProps {
  readonly mode: 'add' | 'edit'
  readonly values: ProviderFormValues
  readonly errors: FieldErrors
  readonly publicUrl: string
  /** A secret was typed but the form was refused: it is not sent back, so say so. */
  readonly secretDropped: boolean
}

const FORM = 'identity-provider'

function Checkbox(props: { name: string; label: string; checked: boolean; hint: string }) {
  return (
    <label>
      <input type="checkbox" name={props.name} value="on" checked={props.checked} /> {props.label}{' '}
      <span class="muted">{props.hint}</span>
    </label>
  )
}

function SecretField(props: ProviderFormProps) {
  const hint =
    props.mode === 'edit'
      ? 'Stored and never shown again. Leave empty to keep the stored secret.'
      : 'Stored encrypted and never shown again.'
  const message = props.errors['clientSecret']
  return (
    <label>
      Client secret{props.mode === 'add' ? ' *' : ''}{' '}
      <input
        type="password"
        name="clientSecret"
        autocomplete="off"
        maxLength={1000}
        required={props.mode === 'add'}
        {...(message === undefined
          ? {}
          : { 'aria-invalid': 'true' as const, 'aria-describedby': `${FORM}-clientSecret-error` })}
      />
      <span class="muted"> {hint}</span>
      {props.secretDropped && (
        <span class="notice" data-testid="secret-dropped">
          {' '}
          For safety the secret you typed was not sent back to this page: type it again.
        </span>
      )}
      {message === undefined ? null : (
        <span class="field-error" id={`${FORM}-clientSecret-error`}>
          {message}
        </span>
      )}
    </label>
  )
}

export function ProviderFormPage(props: ProviderFormProps) {
  const { values, errors } = props
  const action = props.mode === 'add' ? SSO_PATHS.add : SSO_PATHS.edit(values.id)
  const field = { form: FORM, errors }
  return (
    <>
      <h1>{props.mode === 'add' ? 'Add identity provider' : `Edit ${values.displayName}`}</h1>
      <section class="card wide">
        <ErrorSummary errors={errors} />
        <form class="stack" method="post" action={action} data-testid="provider-form">
          {props.mode === 'add' ? (
            <TextField
              {...field}
              label="Short name"
              name="id"
              value={values.id}
              maxLength={40}
              required
              hint={`Part of the redirect URI ${redirectUriOf(props.publicUrl, values.id || 'NAME')}; it cannot change later.`}
            />
          ) : (
            <p>
              Redirect URI to register at the provider:{' '}
              <code data-testid="redirect-uri">{redirectUriOf(props.publicUrl, values.id)}</code>
            </p>
          )}
          <TextField
            {...field}
            label="Display name"
            name="displayName"
            value={values.displayName}
            maxLength={100}
            required
            hint="Shown on the sign-in button: “Sign in with …”."
          />
          <TextField
            {...field}
            label="Issuer or discovery URL"
            name="issuer"
            value={values.issuer}
            maxLength={500}
            required
            hint="For example https://accounts.google.com."
          />
          <TextField
            {...field}
            label="Client ID"
            name="clientId"
            value={values.clientId}
            maxLength={300}
            required
          />
          <SecretField {...props} />
          <TextField
            {...field}
            label="Email claim"
            name="emailClaim"
            value={values.emailClaim}
            maxLength={100}
            hint="The claim that carries the email address; email unless your provider says otherwise."
          />
          <Checkbox
            name="requireVerifiedEmail"
            label="Require a verified email address"
            checked={values.requireVerifiedEmail}
            hint="Refuse sign-in unless the provider sends email_verified: true."
          />
          <TextArea
            {...field}
            label="Scopes"
            name="scopes"
            value={values.scopes}
            rows={2}
            maxLength={500}
            hint="separated by spaces; openid is required"
          />
          <Checkbox
            name="enabled"
            label="Enabled"
            checked={values.enabled}
            hint="Show “Sign in with …” on the sign-in page."
          />
          <button type="submit">{props.mode === 'add' ? 'Add provider' : 'Save changes'}</button>
        </form>
      </section>
    </>
  )
}

export function ProviderPage(props: {
  provider: IdentityProvider
  publicUrl: string
  notice?: string | undefined
}) {
  const { provider } = props
  return (
    <>
      <h1>{provider.displayName}</h1>
      <Saved message={props.notice} />
      <section class="card wide" data-testid="identity-provider">
        <dl class="facts">
          <dt>Status</dt>
          <dd>
            <Status enabled={provider.enabled} />
          </dd>
          <dt>Short name</dt>
          <dd>{provider.id}</dd>
          <dt>Redirect URI</dt>
          <dd>
            <code data-testid="redirect-uri">{redirectUriOf(props.publicUrl, provider.id)}</code>
          </dd>
          <dt>Issuer</dt>
          <dd>
            <code>{provider.issuer}</code>
          </dd>
          <dt>Client ID</dt>
          <dd>
            <code>{provider.clientId}</code>
          </dd>
          <dt>Client secret</dt>
          <dd class="muted">stored encrypted; not shown</dd>
          <dt>Email claim</dt>
          <dd>
            <code>{provider.emailClaim}</code>
          </dd>
          <dt>Verified email</dt>
          <dd>{provider.requireVerifiedEmail ? 'required' : 'not required'}</dd>
          <dt>Scopes</dt>
          <dd>
            <code>{provider.scopes.join(' ')}</code>
          </dd>
        </dl>
        <p>
          <a class="button" href={SSO_PATHS.edit(provider.id)}>
            Edit
          </a>{' '}
          <form method="post" action={SSO_PATHS.enabled(provider.id)} class="inline">
            <input type="hidden" name="enabled" value={provider.enabled ? 'false' : 'true'} />
            <button type="submit" class="secondary">
              {provider.enabled ? 'Disable' : 'Enable'}
            </button>
          </form>{' '}
          <a class="button" href={SSO_PATHS.remove(provider.id)}>
            Delete…
          </a>
        </p>
      </section>
    </>
  )
}

export function DeleteProviderPage({ provider }: { provider: IdentityProvider }) {
  return (
    <>
      <h1>Delete {provider.displayName}?</h1>
      <section class="card wide" data-testid="delete-provider">
        <p>Deleting this identity provider removes:</p>
        <ul>
          <li>its settings (issuer, client ID, email claim, scopes),</li>
          <li>its stored client secret,</li>
          <li>the “Sign in with {provider.displayName}” button on the sign-in page.</li>
        </ul>
        <p>
          People keep their accounts and sessions already started. Anyone limited to single sign-on
          needs another enabled provider to sign in again. The client registered at the provider is
          not touched: remove it there too. To stop sign-ins for a while instead, disable the
          provider.
        </p>
        <form method="post" action={SSO_PATHS.remove(provider.id)} class="inline">
          <button type="submit">Delete provider</button>
        </form>{' '}
        <a href={SSO_PATHS.view(provider.id)}>Cancel</a>
      </section>
    </>
  )
}

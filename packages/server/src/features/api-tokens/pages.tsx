/** The console pages of API tokens: the list with the "New token" form, the one-time value, revoke. */
import type { ApiScope } from '../../api/scopes.js'
import { ErrorSummary, type FieldErrors, Saved, TextField } from '../../console/form.js'
import { EXPIRY_PRESETS, scopeChoices, type TokenForm } from './form.js'
import type { TokenView } from './service.js'

export const TOKENS_PATH = '/console/account/api-tokens'
export const COPY_SCRIPT_PATH = '/console/assets/api-tokens.js'
export const revokePath = (id: string) => `${TOKENS_PATH}/${encodeURIComponent(id)}/revoke`

const FORM = 'new-token'

export function formatTime(ms: number | null): string {
  if (ms === null) return 'never'
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`
}

const STATE_CLASS = { active: 'ok', expired: 'warn', revoked: 'bad' } as const

function StateBadge(props: { token: TokenView }) {
  return <span class={`badge ${STATE_CLASS[props.token.state]}`}>{props.token.state}</span>
}

/** A control's id (the summary's links land on it) and its tie to its message. */
function fieldError(name: string, errors: FieldErrors) {
  const id = `${FORM}-${name}`
  return errors[name] === undefined
    ? { id }
    : { id, 'aria-invalid': 'true' as const, 'aria-describedby': `${id}-error` }
}

function ErrorText(props: { name: string; errors: FieldErrors }) {
  const message = props.errors[props.name]
  if (message === undefined) return null
  return (
    <span class="field-error" id={`${FORM}-${props.name}-error`}>
      {message}
    </span>
  )
}

function ScopeFieldset(props: {
  grantable: readonly ApiScope[]
  form: TokenForm
  errors: FieldErrors
}) {
  return (
    <fieldset {...fieldError('scopes', props.errors)}>
      <legend>Scopes *</legend>
      <ErrorText name="scopes" errors={props.errors} />
      {scopeChoices(props.grantable).map(({ scope, allows }) => (
        <label key={scope} class="choice">
          <input
            type="checkbox"
            name="scopes"
            value={scope}
            checked={props.form.scopes.includes(scope)}
          />{' '}
          <code>{scope}</code>: {allows}
        </label>
      ))}
    </fieldset>
  )
}

function ExpiryFields(props: { form: TokenForm; errors: FieldErrors }) {
  return (
    <>
      <label>
        Expires *{' '}
        <select name="expires" {...fieldError('expires', props.errors)}>
          {EXPIRY_PRESETS.map((choice) => (
            <option
              key={choice.value}
              value={choice.value}
              selected={props.form.expires === choice.value}
            >
              {choice.label}
            </option>
          ))}
        </select>
        <ErrorText name="expires" errors={props.errors} />
      </label>
      <label>
        Expiry date, when you choose one{' '}
        <input
          type="date"
          name="expiresOn"
          value={props.form.expiresOn}
          {...fieldError('expiresOn', props.errors)}
        />
        <span class="muted">
          {' '}
          The token stops working at the end of that day (UTC); at most a year.
        </span>
        <ErrorText name="expiresOn" errors={props.errors} />
      </label>
    </>
  )
}

function NewTokenForm(props: {
  grantable: readonly ApiScope[]
  form: TokenForm
  errors: FieldErrors
}) {
  if (props.grantable.length === 0) {
    return <p>Your roles give no access to the REST API, so you cannot create a token.</p>
  }
  return (
    <form method="post" action={TOKENS_PATH} class="stack" novalidate>
      <ErrorSummary form={FORM} errors={props.errors} testId="token-errors" />
      <TextField
        form={FORM}
        label="Name"
        name="name"
        value={props.form.name}
        errors={props.errors}
        maxLength={100}
        required
        hint="What uses it, e.g. “Nightly roster export”."
      />
      <ScopeFieldset grantable={props.grantable} form={props.form} errors={props.errors} />
      <ExpiryFields form={props.form} errors={props.errors} />
      <p>
        <button type="submit">Create token</button>
      </p>
    </form>
  )
}

function TokenTable(props: {
  tokens: readonly TokenView[]
  owners?: ReadonlyMap<string, string>
  label: string
}) {
  if (props.tokens.length === 0) return <p class="muted">No tokens.</p>
  return (
    <div class="scroll">
      <table aria-label={props.label}>
        <thead>
          <tr>
            <th>Name</th>
            {props.owners && <th>Owner</th>}
            <th>Scopes</th>
            <th>Created</th>
            <th>Expires</th>
            <th>Last used</th>
            <th>State</th>
            <th>
              <span class="muted">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {props.tokens.map((token) => (
            <tr key={token.id}>
              <td>{token.name}</td>
              {props.owners && <td>{props.owners.get(token.ownerId) ?? token.ownerId}</td>}
              <td>
                {token.scopes.map((scope) => (
                  <code key={scope} class="scope">
                    {scope}
                  </code>
                ))}
              </td>
              <td>{formatTime(token.createdAt)}</td>
              <td>{formatTime(token.expiresAt)}</td>
              <td>
                {formatTime(token.lastUsedAt)}
                {token.lastUsedAddress === null ? null : (
                  <span class="muted"> from {token.lastUsedAddress}</span>
                )}
              </td>
              <td>
                <StateBadge token={token} />
              </td>
              <td>
                {token.state === 'revoked' ? null : (
                  <a href={revokePath(token.id)} aria-label={`Revoke ${token.name}`}>
                    Revoke
                  </a>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

export interface TokensPageProps {
  readonly publicUrl: string
  readonly grantable: readonly ApiScope[]
  readonly form: TokenForm
  readonly errors: FieldErrors
  readonly notice: string | undefined
  readonly mine: readonly TokenView[]
  /** Everyone's tokens, for administrators only. */
  readonly everyone?: {
    readonly tokens: readonly TokenView[]
    readonly owners: ReadonlyMap<string, string>
  }
}

export function TokensPage(props: TokensPageProps) {
  return (
    <>
      <h1>API tokens</h1>
      <Saved message={props.notice} />
      <p>
        Programs call the REST API under <code>{`${props.publicUrl}/api`}</code> with a token in the{' '}
        <code>Authorization: Bearer</code> header. A token can do what its scopes allow and what
        your roles allow now; if your roles change, so does the token.
      </p>
      <section class="card" aria-labelledby="new-token">
        <h2 id="new-token">New token</h2>
        <NewTokenForm grantable={props.grantable} form={props.form} errors={props.errors} />
      </section>
      <section class="card" aria-labelledby="your-tokens">
        <h2 id="your-tokens">Your tokens</h2>
        <TokenTable tokens={props.mine} label="Your tokens" />
      </section>
      {props.everyone && (
        <section class="card" aria-labelledby="all-tokens">
          <h2 id="all-tokens">Everyone’s tokens</h2>
          <TokenTable
            tokens={props.everyone.tokens}
            owners={props.everyone.owners}
            label="Everyone’s tokens"
          />
        </section>
      )}
    </>
  )
}

export function CreatedPage(props: { token: TokenView; value: string; publicUrl: string }) {
  return (
    <>
      <h1>Token “{props.token.name}” created</h1>
      <p class="notice" role="status">
        Copy the token now and keep it in a secret store: it is shown only this once. ltihub keeps
        only a hash of it.
      </p>
      <section class="card">
        <p>
          <label>
            Your token{' '}
            <input id="token-value" class="token" value={props.value} readonly size={60} />
          </label>{' '}
          <button type="button" data-copy="token-value">
            Copy
          </button>{' '}
          <span id="token-value-status" role="status" class="ok" />
        </p>
        <dl class="facts">
          <dt>Scopes</dt>
          <dd>{props.token.scopes.join(', ')}</dd>
          <dt>Expires</dt>
          <dd>{formatTime(props.token.expiresAt)}</dd>
        </dl>
        <p>Try it:</p>
        <pre>
          <code>{`curl -H "Authorization: Bearer $LTIHUB_TOKEN" ${props.publicUrl}/api/platform/schools`}</code>
        </pre>
      </section>
      <p>
        <a href={TOKENS_PATH}>Back to API tokens</a>
      </p>
      <script src={COPY_SCRIPT_PATH} defer />
    </>
  )
}

export function RevokePage(props: { token: TokenView; owner: string }) {
  return (
    <>
      <h1>Revoke “{props.token.name}”?</h1>
      <section class="card">
        <dl class="facts">
          <dt>Owner</dt>
          <dd>{props.owner}</dd>
          <dt>Scopes</dt>
          <dd>{props.token.scopes.join(', ')}</dd>
          <dt>Expires</dt>
          <dd>{formatTime(props.token.expiresAt)}</dd>
          <dt>Last used</dt>
          <dd>{formatTime(props.token.lastUsedAt)}</dd>
        </dl>
        <p>
          Every program using this token is refused from its next request. This cannot be undone:
          create a new token if one is needed again.
        </p>
        <form method="post" action={revokePath(props.token.id)} class="inline">
          <button type="submit">Revoke token</button>
        </form>{' '}
        <a href={TOKENS_PATH}>Cancel</a>
      </section>
    </>
  )
}

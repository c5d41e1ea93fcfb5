/**
 * Account pages: "My account" for everyone, and for administrators the console accounts and each
 * person's sign-in (password, SSO-only, disabled) and sessions.
 */
import type { SessionInfo } from '../../console/session.js'
import {
  ButtonForm,
  CheckboxGroup,
  ErrorSummary,
  type FieldErrors,
  NewPasswordField,
  Saved,
  TextField,
} from '../../console/form.js'
import type { Account } from './repository.js'
import { CONSOLE_ROLE_LABELS, CONSOLE_ROLES } from './console-people.js'
import { LocalTime } from '../../console/local-time.js'
import { MAX_PASSWORD_LENGTH, PASSWORD_RULE } from './passwords.js'
import { ACCOUNTS } from './paths.js'
import type { Person } from './people.js'

const METHOD_NAMES: Record<string, string> = {
  password: 'Password',
  oidc: 'Single sign-on',
  demo: 'Demo sign-in',
  setup: 'First-run setup',
}

export function SessionsTable(props: {
  sessions: readonly SessionInfo[]
  current: string | undefined
  endPath: (handle: string) => string
}) {
  if (props.sessions.length === 0) return <p class="muted">No active sessions.</p>
  return (
    <table data-testid="sessions">
      <thead>
        <tr>
          <th>Device</th>
          <th>Signed in</th>
          <th>Last seen</th>
          <th>Method</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {props.sessions.map((session) => (
          <tr key={session.handle}>
            <td>
              {session.userAgent ?? <span class="muted">unknown browser</span>}
              {session.handle === props.current && <strong> (this browser)</strong>}
            </td>
            <td>
              <LocalTime epochMs={session.createdAt} />
            </td>
            <td>
              <LocalTime epochMs={session.lastSeenAt} />
            </td>
            <td>{METHOD_NAMES[session.method] ?? session.method}</td>
            <td>
              <a href={props.endPath(session.handle)}>End this session</a>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

/** A password form: the current password when `needsCurrent`, then the new one with the rule. */
function PasswordForm(props: {
  action: string
  form: string
  needsCurrent: boolean
  errors: FieldErrors
  submit: string
}) {
  return (
    <form method="post" action={props.action} class="stack" data-testid={`${props.form}-form`}>
      {props.needsCurrent && (
        <TextField
          form={props.form}
          label="Current password"
          name="currentPassword"
          type="password"
          autoComplete="current-password"
          value=""
          errors={props.errors}
          maxLength={MAX_PASSWORD_LENGTH}
          required
        />
      )}
      <NewPasswordField
        form={props.form}
        name="newPassword"
        rule={PASSWORD_RULE}
        errors={props.errors}
        maxLength={MAX_PASSWORD_LENGTH}
      />
      <button type="submit">{props.submit}</button>
    </form>
  )
}

export function MyAccountPage(props: {
  person: Person
  account: Account | undefined
  sessions: readonly SessionInfo[]
  current: string | undefined
  notice: string | undefined
  errors: FieldErrors
}) {
  const { person, account } = props
  return (
    <>
      <h1>My account</h1>
      <Saved message={props.notice} />
      <section class="card">
        <h2>{person.name}</h2>
        <p>
          {person.email ?? <span class="muted">no email address</span>}
          <br />
          <span class="muted">Roles: {person.roles.join(', ') || 'none'}</span>
        </p>
      </section>
      <section class="card">
        <h2>Password</h2>
        {account?.ssoOnly === true ? (
          <p class="muted">Your account signs in only through single sign-on.</p>
        ) : (
          <>
            <ErrorSummary form="my-password" errors={props.errors} />
            <PasswordForm
              action={ACCOUNTS.minePassword}
              form="my-password"
              needsCurrent={account?.passwordHash != null}
              errors={props.errors}
              submit={account?.passwordHash != null ? 'Change password' : 'Set password'}
            />
          </>
        )}
      </section>
      <section class="card wide">
        <h2>My sessions</h2>
        <SessionsTable
          sessions={props.sessions}
          current={props.current}
          endPath={ACCOUNTS.mineEndSession}
        />
        <p>
          <a href={ACCOUNTS.mineEndAll}>Sign out everywhere</a>
        </p>
      </section>
    </>
  )
}

export interface AccountRow {
  readonly person: Person
  readonly account: Account | undefined
  readonly sessions: number
}

function status(account: Account | undefined): string {
  if (account?.disabled === true) return 'Disabled'
  if (account?.ssoOnly === true) return 'Single sign-on only'
  return account?.passwordHash != null ? 'Password' : 'No password yet'
}

export function AccountsPage(props: {
  rows: readonly AccountRow[]
  notice: string | undefined
  platform: boolean
}) {
  return (
    <>
      <h1>Console accounts</h1>
      <Saved message={props.notice} />
      <p>
        <a href={ACCOUNTS.create}>New account</a>
      </p>
      {props.platform && (
        <p class="muted">
          School people (administrators, teachers, students, parents) are on the{' '}
          <a href="/console/platform/people">People</a> page; open “Sign-in and sessions” there.
        </p>
      )}
      <section class="card wide">
        {props.rows.length === 0 ? (
          <p class="muted">No console accounts yet.</p>
        ) : (
          <table data-testid="accounts">
            <thead>
              <tr>
                <th>Name</th>
                <th>Email</th>
                <th>Roles</th>
                <th>Sign-in</th>
                <th>Sessions</th>
              </tr>
            </thead>
            <tbody>
              {props.rows.map(({ person, account, sessions }) => (
                <tr key={person.id}>
                  <td>
                    <a href={ACCOUNTS.person(person.id)}>{person.name}</a>
                  </td>
                  <td>{person.email ?? <span class="muted">none</span>}</td>
                  <td>{person.roles.join(', ') || <span class="muted">none</span>}</td>
                  <td>{status(account)}</td>
                  <td>{sessions}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  )
}

export interface PersonValues {
  readonly name: string
  readonly email: string
  readonly roles: readonly string[]
  readonly ssoOnly: boolean
}

function PersonFields(props: { form: string; values: PersonValues; errors: FieldErrors }) {
  const { values, errors } = props
  return (
    <>
      <TextField
        form={props.form}
        label="Name"
        name="name"
        value={values.name}
        errors={errors}
        maxLength={200}
        required
      />
      <TextField
        form={props.form}
        label="Email address"
        name="email"
        type="email"
        value={values.email}
        errors={errors}
        maxLength={254}
        required
      />
      <CheckboxGroup
        form={props.form}
        label="Roles"
        name="roles"
        values={values.roles}
        options={CONSOLE_ROLES.map((role) => [role, CONSOLE_ROLE_LABELS[role]] as const)}
        errors={errors}
      />
    </>
  )
}

export function NewAccountPage(props: { values: PersonValues; errors: FieldErrors }) {
  return (
    <>
      <p class="muted">
        <a href={ACCOUNTS.list}>Console accounts</a>
      </p>
      <h1>New account</h1>
      <ErrorSummary form="account" errors={props.errors} />
      <form method="post" action={ACCOUNTS.create} class="stack" data-testid="account-form">
        <PersonFields form="account" values={props.values} errors={props.errors} />
        <label>
          <input type="checkbox" name="ssoOnly" value="1" checked={props.values.ssoOnly} /> Signs in
          only through single sign-on (no password)
        </label>
        <NewPasswordField
          form="account"
          label="Password (optional: you can set it later)"
          name="password"
          rule={PASSWORD_RULE}
          errors={props.errors}
          maxLength={MAX_PASSWORD_LENGTH}
          required={false}
        />
        <button type="submit">Create account</button>
      </form>
    </>
  )
}

export interface PersonPageProps {
  readonly person: Person
  readonly account: Account | undefined
  readonly sessions: readonly SessionInfo[]
  readonly current: string | undefined
  readonly notice: string | undefined
  /** What the details form shows (console people only): the record, or what was refused. */
  readonly values: PersonValues
  readonly errors: FieldErrors
  readonly errorsOf: 'details' | 'password' | undefined
  readonly self: boolean
}

export function PersonPage(props: PersonPageProps) {
  const { person, account } = props
  const console = person.source === 'console'
  const errorsOf = (form: 'details' | 'password') => (props.errorsOf === form ? props.errors : {})
  const disabled = account?.disabled === true
  return (
    <>
      <p class="muted">
        <a href={console ? ACCOUNTS.list : '/console/platform/people'}>
          {console ? 'Console accounts' : 'People'}
        </a>
      </p>
      <h1>{person.name}</h1>
      <Saved message={props.notice} />
      {disabled && (
        <p class="notice" role="status">
          This account is disabled: the person cannot sign in.
        </p>
      )}
      {console ? (
        <section class="card">
          <h2>Details</h2>
          <ErrorSummary form="details" errors={errorsOf('details')} />
          <form method="post" action={ACCOUNTS.person(person.id)} class="stack">
            <PersonFields form="details" values={props.values} errors={errorsOf('details')} />
            <button type="submit">Save</button>
          </form>
        </section>
      ) : (
        <section class="card">
          <p>
            {person.email ?? <span class="muted">no email address</span>}
            <br />
            <span class="muted">
              Role from the school records: {person.roles.join(', ')}. Change it on the People page.
            </span>
          </p>
        </section>
      )}
      <section class="card">
        <h2>Sign-in</h2>
        <p>{status(account)}</p>
        <form method="post" action={ACCOUNTS.action(person.id, 'sso-only')} class="inline">
          <input type="hidden" name="ssoOnly" value={account?.ssoOnly === true ? '0' : '1'} />
          <button type="submit" class="secondary">
            {account?.ssoOnly === true ? 'Allow a password' : 'Single sign-on only'}
          </button>
        </form>{' '}
        {!props.self && (
          <a href={ACCOUNTS.action(person.id, disabled ? 'enable' : 'disable')}>
            {disabled ? 'Re-enable account' : 'Disable account'}
          </a>
        )}{' '}
        {console && !props.self && (
          <a href={ACCOUNTS.action(person.id, 'delete')}>Delete account</a>
        )}
        {account?.ssoOnly !== true && (
          <>
            <h3>{account?.passwordHash != null ? 'Reset password' : 'Set password'}</h3>
            <ErrorSummary form="password" errors={errorsOf('password')} />
            <PasswordForm
              action={ACCOUNTS.action(person.id, 'password')}
              form="password"
              needsCurrent={false}
              errors={errorsOf('password')}
              submit={account?.passwordHash != null ? 'Reset password' : 'Set password'}
            />
          </>
        )}
      </section>
      <section class="card wide">
        <h2>Sessions</h2>
        <SessionsTable
          sessions={props.sessions}
          current={props.current}
          endPath={(handle) => ACCOUNTS.endSession(person.id, handle)}
        />
        {props.sessions.length > 0 && (
          <p>
            <a href={ACCOUNTS.action(person.id, 'end-sessions')}>End all sessions</a>
          </p>
        )}
      </section>
    </>
  )
}

/** "Do this?" with what follows from it, a button that does it, and a way back. */
export function ConfirmPage(props: {
  title: string
  consequences: string
  action: string
  button: string
  back: string
}) {
  return (
    <>
      <h1>{props.title}</h1>
      <p>{props.consequences}</p>
      <ButtonForm action={props.action} label={props.button} secondary={false} />{' '}
      <a href={props.back}>Cancel</a>
    </>
  )
}

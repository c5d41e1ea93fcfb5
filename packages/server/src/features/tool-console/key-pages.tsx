import type { ConsumerKey } from '@ltihub/tool'
import {
  ButtonForm,
  ConfirmDelete,
  ErrorSummary,
  type FieldErrors,
  Saved,
  TextField,
} from '../../console/form.js'
import { PATHS } from './publish-pages.js'
import { ACCESS_PATHS, sub } from './paths.js'
import type { Usage } from './records.js'

export const KEY_NOTICES = {
  created: 'Consumer key created. Give its key and secret to the LMS administrator.',
  saved: 'Consumer key saved.',
  enabled: 'Consumer key enabled: launches signed with it are accepted again.',
  disabled: 'Consumer key disabled: launches signed with it are refused until you enable it.',
  rotated:
    'Secret replaced. The old secret no longer works: give the new one to the LMS administrator.',
  deleted: 'Consumer key deleted.',
} as const

export interface KeyValues {
  readonly name: string
  readonly lmsId: string
  readonly key: string
}

const statusOf = (enabled: boolean) => (enabled ? 'Enabled' : 'Disabled')

export function KeysPage(props: {
  keys: readonly ConsumerKey[]
  values: KeyValues
  errors: FieldErrors
  notice: string | undefined
}) {
  const { values, errors } = props
  return (
    <>
      <Saved message={props.notice} />
      {props.keys.length === 0 ? (
        <p>No consumer keys yet.</p>
      ) : (
        <table data-testid="consumer-keys">
          <thead>
            <tr>
              <th>Name</th>
              <th>LMS ID</th>
              <th>Key</th>
              <th>Status</th>
            </tr>
          </thead>
          <tbody>
            {props.keys.map((k) => (
              <tr key={k.key}>
                <td>
                  <a href={ACCESS_PATHS.key(k.key)}>{k.name}</a>
                </td>
                <td>{k.lmsIdPrefix}</td>
                <td>
                  <code>{k.key}</code>
                </td>
                <td>{statusOf(k.enabled)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2 id="new-key">New LTI 1.1 key</h2>
      <ErrorSummary errors={errors} form="key" />
      <form method="post" action={ACCESS_PATHS.keys} class="stack" aria-labelledby="new-key">
        <TextField
          form="key"
          label="Name"
          name="name"
          value={values.name}
          errors={errors}
          maxLength={200}
          required
        />
        <TextField
          form="key"
          label="LMS ID"
          name="lmsId"
          hint="Put before each learner's external ID, e.g. pluto."
          value={values.lmsId}
          errors={errors}
          maxLength={50}
          required
        />
        <TextField
          form="key"
          label="Key"
          name="key"
          hint="Leave empty to have one generated."
          value={values.key}
          errors={errors}
          maxLength={100}
        />
        <button type="submit">Create key and secret</button>
      </form>
    </>
  )
}

/** Publications that admit only named consumers and name this one. */
function UsageList(props: { usage: Usage }) {
  const { usage } = props
  return (
    <ul data-testid="consequences">
      <li>
        {usage.activeEnrolments} active enrolment(s) came through it; their learners can no longer
        launch from that LMS.
      </li>
      <li>{usage.undeliveredGrades} grade(s) not yet delivered through it will fail.</li>
      {usage.publications.length === 0 ? (
        <li>No publication is limited to it.</li>
      ) : (
        <li>
          Publications limited to it, which no one can then launch until you choose another
          consumer:{' '}
          {usage.publications.map((publication, index) => (
            <span key={publication.id}>
              {index === 0 ? '' : ', '}
              <a href={ACCESS_PATHS.publication(publication.id)}>{publication.name}</a>
            </span>
          ))}
        </li>
      )}
    </ul>
  )
}

export function KeyPage(props: {
  consumer: ConsumerKey
  usage: Usage
  values: Pick<KeyValues, 'name' | 'lmsId'>
  errors: FieldErrors
  notice: string | undefined
}) {
  const { consumer, values, errors } = props
  const path = ACCESS_PATHS.key(consumer.key)
  return (
    <>
      <Saved message={props.notice} />
      <p>
        <a href={ACCESS_PATHS.keys}>All consumer keys</a>
      </p>
      <dl class="facts" data-testid="key-facts">
        <dt>Key</dt>
        <dd>
          <code>{consumer.key}</code>
        </dd>
        <dt>Secret</dt>
        <dd>
          <details>
            <summary>Show secret</summary>
            <code data-testid="key-secret">{consumer.secret}</code>
          </details>
        </dd>
        <dt>Status</dt>
        <dd data-testid="key-status">{statusOf(consumer.enabled)}</dd>
      </dl>
      <h2 id="edit-key">Settings</h2>
      <ErrorSummary errors={errors} form="key" />
      <form method="post" action={path} class="stack" aria-labelledby="edit-key">
        <TextField
          form="key"
          label="Name"
          name="name"
          value={values.name}
          errors={errors}
          maxLength={200}
          required
        />
        <TextField
          form="key"
          label="LMS ID"
          name="lmsId"
          hint="Put before the external ID of learners who launch from now on."
          value={values.lmsId}
          errors={errors}
          maxLength={50}
          required
        />
        <button type="submit">Save</button>
      </form>
      <h2>Actions</h2>
      <div class="actions">
        <ButtonForm
          action={sub(path, 'enabled')}
          label={consumer.enabled ? 'Disable' : 'Enable'}
          name="enabled"
          value={consumer.enabled ? 'off' : 'on'}
        />
        <ButtonForm action={sub(path, 'rotate')} label="Replace secret" />
        <a href={sub(path, 'delete')}>Delete…</a>
      </div>
      <p class="muted">
        Replacing the secret stops every launch signed with the old one at once. Publications
        offered to this key: see <a href={PATHS.courses}>Courses</a>.
      </p>
    </>
  )
}

export function KeyDeletePage(props: { consumer: ConsumerKey; usage: Usage; errors: FieldErrors }) {
  const path = ACCESS_PATHS.key(props.consumer.key)
  return (
    <ConfirmDelete
      heading={`Delete the consumer key ${props.consumer.key} (${props.consumer.name})`}
      action={sub(path, 'delete')}
      button="Delete consumer key"
      cancelHref={path}
      errors={props.errors}
      consequences={
        <>
          <p>Launches signed with this key are refused from then on. Also:</p>
          <UsageList usage={props.usage} />
          <p>To stop launches for a while instead, disable the key.</p>
        </>
      }
    />
  )
}

/**
 * An application's own settings (the defaults each new connection starts from) and the
 * confirmation of its deletion, which names the connections and deployments that go with it.
 */
import {
  Checkbox,
  CheckboxGroup,
  ConfirmDelete,
  ErrorSummary,
  type FieldErrors,
  TextArea,
  TextField,
} from '../../console/form.js'
import { linesOf } from './console-form.js'
import {
  type ApplicationView,
  CONNECTION_TYPE_LABELS,
  CONNECTION_TYPES,
  type ConnectionView,
  LTI_VERSIONS,
} from './model.js'
import { applicationPath } from './pages-applications.js'

export const APPLICATION_NOTICES = {
  created: 'Application added. Add an LTI connection to let schools launch it.',
  saved: 'Application settings saved. New connections start from them.',
  restored: 'Defaults restored from the catalog.',
  deleted: 'Application deleted with its connections and deployments.',
  'connection-deleted': 'Connection deleted.',
} as const

export const APPLICATION_LABELS = {
  name: 'Name',
  description: 'Description',
  launchUrl: 'Launch URL',
  supportedTypes: 'Supported connection types',
  ltiVersions: 'LTI versions',
  customParameters: 'Custom parameters',
  transferEmail: 'Send e-mail addresses',
  loginUrl: 'LTI 1.3 login URL',
  redirectUris: 'LTI 1.3 redirect URIs',
  jwksUrl: 'LTI 1.3 public keyset URL',
} as const

/** The settings form as shown: text as typed, lists as ticked. */
export interface ApplicationValues {
  readonly name: string
  readonly description: string
  readonly launchUrl: string
  readonly supportedTypes: readonly string[]
  readonly ltiVersions: readonly string[]
  readonly customParameters: string
  readonly transferEmail: boolean
  readonly loginUrl: string
  readonly redirectUris: string
  readonly jwksUrl: string
}

export const applicationValuesOf = (app: ApplicationView): ApplicationValues => ({
  name: app.name,
  description: app.description,
  launchUrl: app.launchUrl,
  supportedTypes: app.supportedTypes,
  ltiVersions: app.ltiVersions,
  customParameters: linesOf(app.customParameters),
  transferEmail: app.transferEmail,
  loginUrl: app.loginUrl ?? '',
  redirectUris: (app.redirectUris ?? []).join('\n'),
  jwksUrl: app.jwksUrl ?? '',
})

export function ApplicationSettingsForm(props: {
  app: ApplicationView
  values: ApplicationValues
  errors: FieldErrors
}) {
  const { values, errors } = props
  const form = 'application'
  const url = (name: 'launchUrl' | 'loginUrl' | 'jwksUrl', required: boolean) => (
    <TextField
      form={form}
      label={APPLICATION_LABELS[name]}
      name={name}
      type="url"
      wide
      value={values[name]}
      errors={errors}
      maxLength={2048}
      required={required}
    />
  )
  return (
    <section class="card wide" data-testid="application-settings">
      <h2 id="application-settings">Application settings</h2>
      <p class="muted">
        New connections start from these; saved connections keep their own settings.
      </p>
      <ErrorSummary errors={errors} form={form} />
      <form
        method="post"
        action={`${applicationPath(props.app.id)}/settings`}
        class="stack"
        aria-labelledby="application-settings"
      >
        <TextField
          form={form}
          label="Name"
          name="name"
          value={values.name}
          errors={errors}
          maxLength={100}
          required
        />
        <TextArea
          form={form}
          label="Description"
          name="description"
          rows={3}
          value={values.description}
          errors={errors}
          maxLength={2000}
        />
        {url('launchUrl', true)}
        <CheckboxGroup
          form={form}
          label="Supported connection types"
          name="supportedTypes"
          values={values.supportedTypes}
          options={CONNECTION_TYPES.map((type) => [type, CONNECTION_TYPE_LABELS[type]] as const)}
          errors={errors}
        />
        <CheckboxGroup
          form={form}
          label="LTI versions"
          name="ltiVersions"
          values={values.ltiVersions}
          options={LTI_VERSIONS.map((version) => [version, `LTI ${version}`] as const)}
          errors={errors}
        />
        <TextArea
          form={form}
          label="Custom parameters"
          name="customParameters"
          hint="One name=value a line."
          rows={3}
          value={values.customParameters}
          errors={errors}
          maxLength={10_000}
        />
        <Checkbox
          form={form}
          label="Send e-mail addresses"
          name="transferEmail"
          checked={values.transferEmail}
          errors={errors}
        />
        {url('loginUrl', false)}
        <TextArea
          form={form}
          label="LTI 1.3 redirect URIs"
          name="redirectUris"
          hint="One URL a line."
          rows={2}
          value={values.redirectUris}
          errors={errors}
          maxLength={20 * 2048}
        />
        {url('jwksUrl', false)}
        <button type="submit">Save settings</button>
      </form>
    </section>
  )
}

export function ApplicationDeletePage(props: {
  app: ApplicationView
  connections: readonly ConnectionView[]
  errors: FieldErrors
}) {
  const path = applicationPath(props.app.id)
  const deployments = props.connections.flatMap((c) =>
    (c.lti13?.deploymentIds ?? []).map((id) => ({ connection: c.name, id })),
  )
  return (
    <ConfirmDelete
      heading={`Delete the application ${props.app.name}`}
      action={`${path}/delete`}
      button="Delete application"
      cancelHref={path}
      errors={props.errors}
      consequences={
        <>
          <p>
            Its schools can no longer launch it: every link to it in their courses stops working.
            These go with it:
          </p>
          <ul data-testid="consequences">
            <li>
              {props.connections.length} connection(s)
              {props.connections.length === 0
                ? '.'
                : `: ${props.connections.map((c) => `${c.name} (${c.schoolIds.length} school(s))`).join(', ')}.`}
            </li>
            <li>
              {deployments.length} LTI 1.3 deployment(s)
              {deployments.length === 0
                ? '.'
                : `: ${deployments.map((d) => `${d.id} of ${d.connection}`).join(', ')}.`}
            </li>
          </ul>
          <p>To stop launches for a while instead, disable its connections.</p>
        </>
      }
    />
  )
}

/** Asks before "Restore Defaults" copies the catalog's settings over the application's. */
export function ApplicationRestorePage(props: { app: ApplicationView; errors: FieldErrors }) {
  const path = applicationPath(props.app.id)
  return (
    <ConfirmDelete
      heading={`Restore the catalog defaults of ${props.app.name}`}
      action={`${path}/restore-defaults`}
      button="Restore Defaults"
      cancelHref={path}
      errors={props.errors}
      consequences={
        <>
          <p data-testid="consequences">
            Its settings (name, description, launch URL, supported types, LTI versions and the LTI
            1.3 URLs) go back to the catalog&apos;s values: changes made to them here are lost.
          </p>
          <p>Its LTI connections, their schools and their deployments stay as they are.</p>
        </>
      }
    />
  )
}

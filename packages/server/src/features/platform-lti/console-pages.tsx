/**
 * Console views of the runtime: the Learning Tools list (students and parents), an assignment
 * with its tool resources, line items and embedded content, and the teacher's "Add tool content"
 * picker that starts a deep linking request.
 */
import type { LineItem, LmsUser, ResourceLink, ToolConnection } from './layer.js'
import type { EmbeddedContent } from './stores/resource-links.js'
import type { AssignmentEntry } from './assignment-entries.js'
import { assignmentPagePath, launchPagePath, learningToolLaunchPath } from './urls.js'

export interface LearningToolEntry {
  readonly connection: ToolConnection
  readonly schoolId: string
}

/** Assignments of the user's sections that carry tool content: where placed links launch. */
function AssignmentEntries({ assignments }: { assignments: readonly AssignmentEntry[] }) {
  if (assignments.length === 0) return null
  return (
    <section>
      <h2>Assignments with tool content</h2>
      <ul class="list" data-testid="tool-assignments">
        {assignments.map((assignment) => (
          <li key={assignment.id}>
            <a href={assignmentPagePath(assignment.id)}>{assignment.title}</a>{' '}
            <span class="muted">{assignment.section}</span>
          </li>
        ))}
      </ul>
    </section>
  )
}

export function LearningToolsPage({
  entries,
  assignments = [],
}: {
  entries: readonly LearningToolEntry[]
  assignments?: readonly AssignmentEntry[]
}) {
  return (
    <>
      <ToolEntries entries={entries} />
      <AssignmentEntries assignments={assignments} />
    </>
  )
}

function ToolEntries({ entries }: { entries: readonly LearningToolEntry[] }) {
  if (entries.length === 0) {
    return <p data-testid="learning-tools-empty">No learning tools are available to you.</p>
  }
  return (
    <ul class="list" data-testid="learning-tools">
      {entries.map(({ connection, schoolId }) => (
        <li key={`${connection.id}:${schoolId}`}>
          <strong>{connection.name}</strong>{' '}
          <a href={learningToolLaunchPath(connection.id, schoolId)}>Open here</a>{' '}
          <a
            href={`${learningToolLaunchPath(connection.id, schoolId)}&presentation=window`}
            target="_blank"
            rel="noopener"
          >
            Open in a new window
          </a>
        </li>
      ))}
    </ul>
  )
}

export interface AssignmentView {
  readonly title: string
  readonly scoringType: string
  readonly pointsPossible: number | undefined
  readonly links: readonly ResourceLink[]
  readonly lineItems: readonly LineItem[]
  readonly content: readonly EmbeddedContent[]
  /** Connections offered for "Add tool content"; empty when the user may not add any. */
  readonly pickable: readonly ToolConnection[]
  readonly canAdd: boolean
  /** Teachers and administrators see the card (with the reason when they lack the right). */
  readonly staff: boolean
  readonly addAction: string
}

function Resources({ links, lineItems }: Pick<AssignmentView, 'links' | 'lineItems'>) {
  if (links.length === 0) return <p>No tool resources yet.</p>
  return (
    <ul class="list" data-testid="assignment-resources">
      {links.map((link) => {
        const items = lineItems.filter((item) => item.resourceLinkId === link.id)
        return (
          <li key={link.id}>
            <a href={launchPagePath(link.id)}>{link.title}</a>{' '}
            <a
              href={launchPagePath(link.id, 'window')}
              target="_blank"
              rel="noopener"
              class="muted"
              title={`${link.title}, in a new window`}
            >
              Open in a new window
            </a>
            {link.description === undefined ? null : <span> — {link.description}</span>}
            {items.map((item) => (
              <span key={item.id} class="badge">
                {' '}
                {item.label}: out of {item.scoreMaximum}
              </span>
            ))}
          </li>
        )
      })}
    </ul>
  )
}

/**
 * Embedded content. Images load from the tool. Tool HTML is untrusted (DL: the platform "MUST
 * sanitize" it): it is shown in a sandboxed frame without scripts, same-origin access, forms or
 * navigation, under this page's CSP, which srcdoc frames inherit.
 */
function Summary({ content }: Pick<AssignmentView, 'content'>) {
  if (content.length === 0) return null
  return (
    <section class="card wide" data-testid="assignment-summary">
      <h2>Summary</h2>
      {content.map((item) =>
        item.kind === 'image' ? (
          <figure key={item.id}>
            <img
              src={item.url}
              alt={item.title ?? item.text ?? 'Image from a learning tool'}
              width={item.width}
              height={item.height}
            />
            {item.title === undefined ? null : <figcaption>{item.title}</figcaption>}
          </figure>
        ) : (
          <iframe
            key={item.id}
            sandbox=""
            title={item.title ?? 'Content from a learning tool'}
            srcdoc={item.untrustedHtml}
          />
        ),
      )}
    </section>
  )
}

function AddToolContent(props: Pick<AssignmentView, 'pickable' | 'canAdd' | 'addAction'>) {
  if (!props.canAdd)
    return <p>Adding tool content requires the External Learning Tools tool right.</p>
  if (props.pickable.length === 0) return <p>No tool connection offers content for this school.</p>
  return (
    <form method="post" action={props.addAction} data-testid="add-tool-content">
      <label>
        Tool{' '}
        <select name="connectionId" required>
          {props.pickable.map((connection) => (
            <option key={connection.id} value={connection.id}>
              {connection.name}
            </option>
          ))}
        </select>
      </label>{' '}
      <button type="submit">Add tool content</button>{' '}
      <button type="submit" name="presentation" value="window" formtarget="_blank">
        Open in a new window
      </button>
    </form>
  )
}

export function AssignmentPage(view: AssignmentView) {
  return (
    <div>
      <h1>{view.title}</h1>
      <p>
        Scored by {view.scoringType}
        {view.pointsPossible === undefined ? '' : `, ${view.pointsPossible} points possible`}
      </p>
      <section class="card wide">
        <h2>Resources</h2>
        <Resources links={view.links} lineItems={view.lineItems} />
      </section>
      <Summary content={view.content} />
      {view.staff ? (
        <section class="card wide">
          <h2>Add tool content</h2>
          <AddToolContent
            pickable={view.pickable}
            canAdd={view.canAdd}
            addAction={view.addAction}
          />
        </section>
      ) : null}
    </div>
  )
}

/** Whether a user's portal lists a connection: students and parents only as configured. */
export function listedFor(connection: ToolConnection, user: LmsUser): boolean {
  if (!connection.features.learningTool || connection.status !== 'active') return false
  if (user.kind === 'student') return connection.learningToolsList.student
  if (user.kind === 'parent') return connection.learningToolsList.parent
  return true
}

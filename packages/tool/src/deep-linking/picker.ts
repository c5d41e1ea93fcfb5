import { escapeHtml, htmlPage } from '../internal/html.js'
import type { DeepLinkingSession } from '../sessions.js'
import type { Pickable } from './catalogue.js'

/** Form fields the picker posts. */
export const PICKER_FIELD = { session: 'session', item: 'item', action: 'action' } as const

/**
 * The built-in deep-linking picker: the published courses and activities offered to the platform,
 * as checkboxes (radio buttons when the platform accepts one item), posted to the tool's
 * deep-linking endpoint with the session id. "Cancel" returns an empty selection, so the
 * platform can always close its dialog (DL §4: the tool SHOULD always return).
 */
export function pickerPage(
  session: DeepLinkingSession,
  items: readonly Pickable[],
  action: string,
): Response {
  const type = session.acceptMultiple ? 'checkbox' : 'radio'
  const choices = items
    .map(
      (item) =>
        `<label><input type="${type}" name="${PICKER_FIELD.item}" value="${escapeHtml(item.key)}"> ${escapeHtml(item.title)}</label>`,
    )
    .join('\n')
  const body =
    items.length === 0
      ? '<p>No course is published for this platform yet.</p>'
      : `<fieldset><legend>Choose ${session.acceptMultiple ? 'one or more items' : 'one item'}</legend>
${choices}
</fieldset>`
  return htmlPage({
    title: 'Add content',
    body: `<h1>Add content</h1>
<form id="ltihub-picker" method="post" action="${escapeHtml(action)}">
<input type="hidden" name="${PICKER_FIELD.session}" value="${escapeHtml(session.sessionId)}">
${body}
<p><button type="submit" name="${PICKER_FIELD.action}" value="add">Add</button>
<button type="submit" name="${PICKER_FIELD.action}" value="cancel">Cancel</button></p>
</form>`,
    formAction: [new URL(action).origin],
  })
}

/**
 * Checks of the console's form pattern in a browser page: a refused field holds its message next
 * to it (tied by `aria-describedby`, marked `aria-invalid`) and the summary at the top links to it.
 */
import type { Page } from 'playwright-core'
import { expect } from 'vitest'

/** The control labelled `label` is refused with `message`, shown next to it and in the summary. */
export async function expectFieldError(page: Page, label: string, message: string): Promise<void> {
  const control = page.getByLabel(label, { exact: false }).first()
  expect(await control.getAttribute('aria-invalid')).toBe('true')
  const described = (await control.getAttribute('aria-describedby')) ?? ''
  const errorId = described.split(' ').find((id) => id.endsWith('-error'))
  expect(errorId, `${label} has no error tied to it`).toBeDefined()
  expect(await page.locator(`#${errorId ?? ''}`).textContent()).toBe(message)
  const id = await control.getAttribute('id')
  const summary = page.getByRole('alert').getByRole('link', { name: message })
  expect(await summary.getAttribute('href')).toBe(`#${id ?? ''}`)
}

/** The success notice of the page reads `text` (a string: its start; a pattern: matches). */
export async function expectNotice(page: Page, text: string | RegExp): Promise<void> {
  const notice = (await page.getByTestId('notice').textContent()) ?? ''
  if (typeof text === 'string') expect(notice.startsWith(text), notice).toBe(true)
  else expect(notice).toMatch(text)
}

/** The opening tag of the control with `id` in a page's HTML. */
function controlTag(html: string, id: string): string {
  const tag = new RegExp(`<(?:input|select|textarea|fieldset)\\b[^>]*\\bid="${id}"[^>]*>`).exec(
    html,
  )
  expect(tag, `no control #${id}`).not.toBeNull()
  return tag?.[0] ?? ''
}

/**
 * Over HTTP: the control `id` is refused with `message` next to it (`aria-invalid`, and
 * `aria-describedby` naming the message's element), and the summary links to it.
 */
export function expectFieldErrorIn(html: string, id: string, message: string): void {
  const tag = controlTag(html, id)
  expect(tag).toContain('aria-invalid="true"')
  expect(tag).toMatch(new RegExp(`aria-describedby="[^"]*\\b${id}-error\\b`))
  expect(html).toContain(`<span class="field-error" id="${id}-error">${message}</span>`)
  expect(html).toContain(`<a href="#${id}">${message}</a>`)
}

/** Over HTTP: the text control `id` holds `value` (as typed before a refusal). */
export function expectValueIn(html: string, id: string, value: string): void {
  expect(controlTag(html, id)).toContain(`value="${value}"`)
}

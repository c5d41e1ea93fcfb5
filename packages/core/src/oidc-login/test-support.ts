/** Test support for the OIDC tests (not exported from the package). */

/** Reads the hidden fields of an auto-post page back, undoing the HTML escaping. */
export function formFields(html: string): Record<string, string> {
  const unescape = (value: string) =>
    value
      .replaceAll('&quot;', '"')
      .replaceAll('&#39;', "'")
      .replaceAll('&lt;', '<')
      .replaceAll('&gt;', '>')
      .replaceAll('&amp;', '&')
  const fields: Record<string, string> = {}
  for (const match of html.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)) {
    fields[unescape(match[1] ?? '')] = unescape(match[2] ?? '')
  }
  return fields
}

/** The form action of an auto-post page. */
export function formAction(html: string): string | undefined {
  return /<form id="lti-auto-post" method="post" action="([^"]*)">/
    .exec(html)?.[1]
    ?.replaceAll('&amp;', '&')
}

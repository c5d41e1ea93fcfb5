/** "2026-12-07 23:10 UTC": the text a `<time>` shows until the console script localises it. */
export function utcText(epochMs: number): string {
  return `${new Date(epochMs).toISOString().slice(0, 16).replace('T', ' ')} UTC`
}

/**
 * A moment shown in the reader's locale and time zone (by the console script), in UTC without
 * JavaScript; the machine-readable value is always in `datetime`.
 */
export function LocalTime({ epochMs }: { readonly epochMs: number }) {
  return (
    <time dateTime={new Date(epochMs).toISOString()} data-local="">
      {utcText(epochMs)}
    </time>
  )
}

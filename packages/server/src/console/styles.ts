import { createHash } from 'node:crypto'

/**
 * The console stylesheet, served from `/console/assets/console.css`. Kept in a module rather than
 * a .css file so it ships with the compiled code without a copy step.
 */
export const CONSOLE_CSS = `
:root {
  --ink: #1d2430; --muted: #5b6575; --line: #d9dee7; --bg: #f6f7f9; --panel: #fff;
  --accent: #2456c7; --accent-ink: #fff; --ok: #1f7a4d; --bad: #b42318; --warn: #9a6700;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink);
  background: var(--bg); line-height: 1.5;
}
* { box-sizing: border-box; }
body { margin: 0; }
a { color: var(--accent); }
a.skip { position: absolute; left: .5rem; top: -3rem; z-index: 10; padding: .5rem .75rem;
  background: var(--panel); color: var(--accent); border: 2px solid var(--accent); border-radius: 6px; }
a.skip:focus { top: .5rem; }
header.top { display: flex; flex-wrap: wrap; align-items: center; gap: .5rem 1rem; padding: .75rem 1.5rem;
  background: var(--ink); color: #fff; }
header.top .brand { color: #fff; font-weight: 700; text-decoration: none; font-size: 1.1rem; }
header.top .instance { color: #c7cfdb; font-size: .9rem; overflow-wrap: anywhere; min-width: 0; }
header.top .who { margin-left: auto; display: flex; flex-wrap: wrap; align-items: center; gap: .5rem .75rem;
  min-width: 0; }
header.top .who, header.top .who a { color: #fff; overflow-wrap: anywhere; }
header.top button { background: transparent; color: #fff; border: 1px solid #8a95a8; }
.shell { display: grid; grid-template-columns: 14rem minmax(0, 1fr); min-height: calc(100vh - 3.25rem); }
nav.side { border-right: 1px solid var(--line); background: var(--panel); padding: 1rem; }
.nav-title { font-size: .75rem; text-transform: uppercase; letter-spacing: .06em; color: var(--muted);
  margin: 1rem 0 .25rem; font-weight: 600; }
.nav-group:first-child .nav-title { margin-top: 0; }
nav ul { list-style: none; margin: 0; padding: 0; }
nav a { display: block; padding: .3rem .5rem; border-radius: 4px; text-decoration: none; }
nav a[aria-current="page"] { background: #e8eefb; font-weight: 600; }
details.menu { display: none; }
details.menu > summary { cursor: pointer; padding: .6rem 1rem; font-weight: 600; color: var(--accent);
  list-style-position: inside; }
details.menu .menu-nav { padding: 0 1rem 1rem; }
main { padding: 1.5rem 2rem; max-width: 72rem; min-width: 0; overflow-x: auto; }
main:focus { outline: none; }
h2 { font-size: 1.15rem; }
ul.links { margin: 0; padding-left: 1.1rem; }
ul.links li { margin: .2rem 0; }
.card { overflow-x: auto; }
.table-scroll { overflow-x: auto; max-width: 100%; }
.table-scroll:focus-visible, .scroll:focus-visible, pre:focus-visible { outline: 2px solid var(--accent);
  outline-offset: 2px; }
.block { display: block; }
main.narrow { max-width: 28rem; margin: 3rem auto; }
h1 { font-size: 1.5rem; margin: 0 0 1rem; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(22rem, 1fr)); gap: 1rem; }
.card { background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: 1rem 1.25rem; }
.card { min-width: 0; }
.card.wide { grid-column: 1 / -1; }
.card h2 { font-size: 1rem; margin: 0 0 .75rem; }
.card h3 { font-size: .95rem; margin: .75rem 0 .25rem; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .35rem 1rem; margin: 0; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; overflow-wrap: anywhere; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: .35rem .5rem; border-bottom: 1px solid var(--line); font-size: .92rem; }
th { color: var(--muted); font-weight: 600; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: .88em;
  overflow-wrap: anywhere; }
pre { max-width: 100%; overflow-x: auto; font-size: .85rem; white-space: pre-wrap; overflow-wrap: anywhere; }
.badge { display: inline-block; padding: 0 .5rem; border-radius: 999px; font-size: .8rem;
  border: 1px solid currentColor; }
.ok { color: var(--ok); } .bad { color: var(--bad); } .warn { color: var(--warn); }
button, .button { font: inherit; padding: .4rem .9rem; border-radius: 6px; border: 1px solid var(--accent);
  background: var(--accent); color: var(--accent-ink); cursor: pointer; }
button.secondary { background: var(--panel); color: var(--accent); }
form.stack { display: grid; gap: .75rem; }
form.inline { display: inline-block; margin: 0 .25rem .25rem 0; }
form.inline button { padding: .15rem .6rem; }
button:disabled { opacity: .45; cursor: default; }
textarea { display: block; width: 100%; font: inherit; }
.field-error { display: block; color: var(--bad); font-size: .88rem; }
[aria-invalid="true"] { border-color: var(--bad); outline: 1px solid var(--bad); }
a.button { display: inline-block; text-decoration: none; }
/* Notices: information (amber, i), success (green, check) and errors (red, cross) differ in colour
   and icon; success notices carry role=status and errors role=alert, so both are announced. */
.notice { position: relative; border-left: 4px solid var(--warn); background: #fff8e6;
  padding: .5rem .75rem .5rem 2.25rem; }
.notice::before { content: "i" / ""; position: absolute; left: .6rem; top: .5rem; width: 1.2rem;
  height: 1.2rem; border-radius: 50%; background: var(--warn); color: #fff; font-weight: 700;
  font-size: .8rem; line-height: 1.2rem; text-align: center; }
.notice.ok, .notice.success, .notice[role="status"] { border-left-color: var(--ok); background: #e9f6ef;
  color: var(--ink); }
.notice.ok::before, .notice.success::before, .notice[role="status"]::before { content: "\\2713" / "";
  background: var(--ok); }
.notice.bad, .notice.error, .notice[role="alert"] { border-left-color: var(--bad); background: #fdecea;
  color: var(--ink); }
.notice.bad::before, .notice.error::before, .notice[role="alert"]::before { content: "\\2715" / "";
  background: var(--bad); }
.muted { color: var(--muted); }
.scroll { overflow-x: auto; max-width: 100%; }
fieldset { border: 1px solid var(--line); border-radius: 6px; padding: .5rem .75rem; min-width: 0; }
label.choice { display: block; margin: .25rem 0; }
code.scope { display: inline-block; white-space: nowrap; overflow-wrap: normal; margin-right: .35rem; }
input.token { width: 100%; max-width: 42rem; font-family: ui-monospace, SFMono-Regular, Menlo, monospace; }
main.narrow { padding: 1.5rem 1rem; }
.welcome dl.facts { grid-template-columns: 1fr; }
.welcome dl.facts dd { margin-bottom: .5rem; }
@media (max-width: 48rem) {
  .shell { grid-template-columns: minmax(0, 1fr); grid-template-rows: auto 1fr; }
  nav.side { display: none; }
  details.menu { display: block; background: var(--panel); border-bottom: 1px solid var(--line); }
  header.top .instance { display: none; }
  .cards { grid-template-columns: minmax(0, 1fr); }
  dl.facts { grid-template-columns: minmax(0, 1fr); }
  dl.facts dd { margin-bottom: .35rem; }
}
@media (max-width: 40rem) {
  .shell { grid-template-columns: 1fr; }
  nav.side { border-right: 0; border-bottom: 1px solid var(--line); }
  main { padding: 1rem; }
  header.top { flex-wrap: wrap; padding: .75rem 1rem; }
}
`

/** Short content hash, appended to the stylesheet URL so browsers may cache it for long. */
export const CONSOLE_CSS_VERSION = createHash('sha256')
  .update(CONSOLE_CSS)
  .digest('hex')
  .slice(0, 12)

export const CONSOLE_CSS_PATH = '/console/assets/console.css'

/** The console icon: a small mark, served as SVG. */
export const FAVICON_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#1d2430"/><path d="M9 8v16h6M17 8h8M21 8v16" stroke="#fff" stroke-width="3" fill="none" stroke-linecap="round"/></svg>'

export const FAVICON_PATH = '/console/assets/favicon.svg'

import { createHash } from 'node:crypto'

/**
 * The console's only script, served from `/console/assets/console.js` (the CSP allows own scripts
 * only): shows each `<time data-local>` in the reader's locale and time zone, and puts wide tables
 * in boxes that scroll on their own (focusable when they do). Without it the server's UTC text
 * stays and the content area scrolls instead, so every page works without JavaScript.
 */
export const CONSOLE_JS = `
(function () {
  var format = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' })
  function localise() {
    var times = document.querySelectorAll('time[data-local]')
    for (var i = 0; i < times.length; i += 1) {
      var when = new Date(times[i].getAttribute('datetime') || '')
      if (!isNaN(when.getTime())) times[i].textContent = format.format(when)
    }
  }
  // Wide tables scroll inside their own box, never the page; a box that scrolls can be focused,
  // so keyboard users can scroll it too.
  function wrapTables() {
    var tables = document.querySelectorAll('main table')
    for (var i = 0; i < tables.length; i += 1) {
      var table = tables[i]
      var parent = table.parentElement
      if (!parent || parent.classList.contains('table-scroll')) continue
      var box = document.createElement('div')
      box.className = 'table-scroll'
      parent.insertBefore(box, table)
      box.appendChild(table)
    }
  }
  function markScrollable() {
    var boxes = document.querySelectorAll('main .table-scroll, main .scroll, main pre')
    for (var i = 0; i < boxes.length; i += 1) {
      var box = boxes[i]
      if (box.scrollWidth > box.clientWidth + 1) {
        box.setAttribute('tabindex', '0')
        box.setAttribute('role', 'region')
        if (!box.hasAttribute('aria-label')) box.setAttribute('aria-label', 'Scrolls sideways')
      } else if (box.getAttribute('role') === 'region' && box.getAttribute('aria-label') === 'Scrolls sideways') {
        box.removeAttribute('tabindex')
        box.removeAttribute('role')
        box.removeAttribute('aria-label')
      }
    }
  }
  function start() {
    localise()
    wrapTables()
    markScrollable()
    window.addEventListener('resize', markScrollable)
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start)
  else start()
})()
`

export const CONSOLE_JS_VERSION = createHash('sha256').update(CONSOLE_JS).digest('hex').slice(0, 12)

export const CONSOLE_JS_PATH = '/console/assets/console.js'

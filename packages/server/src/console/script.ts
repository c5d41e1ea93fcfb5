import { createHash } from 'node:crypto'

/**
 * The console's only script, served from `/console/assets/console.js` (the CSP allows own scripts
 * only): shows each `<time data-local>` in the reader's locale and time zone. Without it the
 * server's UTC text stays, so every page works without JavaScript.
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
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', localise)
  else localise()
})()
`

export const CONSOLE_JS_VERSION = createHash('sha256').update(CONSOLE_JS).digest('hex').slice(0, 12)

export const CONSOLE_JS_PATH = '/console/assets/console.js'

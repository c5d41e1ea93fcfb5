import { z } from 'zod'

/** Names that would touch an object's prototype rather than become an own property. */
const RESERVED_NAMES = ['__proto__', 'constructor', 'prototype'] as const

/**
 * A record of string parameters (custom parameters) that refuses reserved names. A plain
 * `z.record` drops a `__proto__` key without a word; refusing it makes the loss visible.
 */
export const parameterRecordSchema = z.preprocess(
  (value, context) => {
    if (typeof value === 'object' && value !== null) {
      for (const name of RESERVED_NAMES) {
        if (Object.hasOwn(value, name)) {
          context.addIssue({ code: 'custom', message: `reserved parameter name ${name}` })
          return z.NEVER
        }
      }
    }
    return value
  },
  z.record(z.string(), z.string()),
)

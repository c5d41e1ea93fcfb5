/**
 * Refusals that name a field: answered as 400 problem details whose `errors` list the field path
 * (`body.launchUrl`) and a message an administrator can act on.
 */
import { z } from 'zod'
import { RequestValidationError } from '../../http/problems.js'

export interface FieldIssue {
  readonly path: string
  readonly message: string
}

/** The error for some refused fields (paths are dot-separated below `body`). */
export function fieldErrors(issues: readonly FieldIssue[]): RequestValidationError {
  return new RequestValidationError(
    new z.ZodError(
      issues.map((issue) => ({
        code: 'custom' as const,
        path: issue.path === '' ? [] : issue.path.split('.'),
        message: issue.message,
        input: undefined,
      })),
    ),
    'body',
  )
}

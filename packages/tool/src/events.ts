/**
 * Structured events at the few places that matter, for the host's log. Private detail of errors
 * (never shown to users) travels here.
 */
export type ToolEvent =
  | {
      readonly type: 'request.failed'
      readonly endpoint: string
      readonly code: string
      readonly status: number
      readonly detail?: string
      readonly error: unknown
    }
  | {
      readonly type: 'launch.succeeded'
      readonly ltiVersion: '1.1' | '1.3'
      readonly publicationId: string
      readonly learnerId: string
      readonly enrolmentOutcome: 'enrolled' | 'reactivated' | 'existing'
    }
  | {
      readonly type: 'deployment.recorded'
      readonly registrationId: string
      readonly deploymentId: string
      readonly status: string
    }
  | { readonly type: 'grade.delivered'; readonly itemId: string; readonly attempts: number }
  | {
      readonly type: 'grade.retry'
      readonly itemId: string
      readonly attempts: number
      readonly error: string
    }
  | {
      readonly type: 'grade.dead'
      readonly itemId: string
      readonly attempts: number
      readonly error: string
    }
  | {
      readonly type: 'roster.synced'
      readonly publicationId: string
      readonly enrolled: number
      readonly unenrolled: number
    }
  | { readonly type: 'roster.failed'; readonly publicationId: string; readonly error: unknown }

/** Receives events; must not throw (a throwing listener is ignored). */
export type ToolEventListener = (event: ToolEvent) => void

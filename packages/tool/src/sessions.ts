import type { Activity, Course, Enrolment, Learner } from './records.js'

/** The platform side of a launch. */
export type LaunchPlatform =
  | {
      readonly kind: 'lti13'
      readonly registrationId: string
      readonly issuer: string
      readonly clientId: string
      readonly deploymentId: string
    }
  | { readonly kind: 'lti11'; readonly consumerKey: string; readonly name: string }

/**
 * What a successful resource-link launch hands to the learning application. Each launch has its
 * own `sessionId`, so a learner with two courses open in two tabs keeps two sessions.
 */
export interface LaunchContext {
  readonly sessionId: string
  readonly ltiVersion: '1.1' | '1.3'
  readonly platform: LaunchPlatform
  readonly learner: Learner
  readonly enrolment: Enrolment
  /** Which side of the publication's role mapping applied. */
  readonly role: 'instructor' | 'learner'
  /** The roles as the platform sent them (LTI 1.3 URIs, or 1.1 role names). */
  readonly roles: readonly string[]
  readonly publication: { readonly id: string; readonly name: string }
  readonly course: Course
  readonly activity?: Activity
  readonly context?: { readonly id: string; readonly title?: string; readonly label?: string }
  readonly resourceLink?: { readonly id: string; readonly title?: string }
  /** AGS endpoints of the launch (LTI 1.3). */
  readonly ags?: {
    readonly lineItemUrl?: string
    readonly lineItemsUrl?: string
    readonly scopes: readonly string[]
  }
  /** NRPS endpoint of the launch (LTI 1.3). */
  readonly nrps?: { readonly contextMembershipsUrl: string }
  /** Where the platform wants the user back (launch_presentation return URL). */
  readonly returnUrl?: string
  readonly locale?: string
  readonly custom: Readonly<Record<string, string>>
  readonly createdAt: number
  readonly expiresAt: number
}

/** A deep-linking request waiting for the instructor's choice. */
export interface DeepLinkingSession {
  readonly sessionId: string
  readonly registrationId: string
  readonly issuer: string
  readonly clientId: string
  readonly deploymentId: string
  readonly returnUrl: string
  readonly acceptMultiple: boolean
  /** Whether the platform creates line items from the items (`accept_lineitem`; absent = unknown). */
  readonly acceptLineItem?: boolean
  /** Opaque `data` to echo in the response. */
  readonly data?: string
  readonly context?: { readonly id: string; readonly title?: string }
  readonly createdAt: number
  readonly expiresAt: number
}

/** What the session store keeps: one of the two kinds, discriminated by `kind`. */
export type ToolSession =
  | {
      readonly kind: 'launch'
      readonly id: string
      readonly expiresAt: number
      readonly launch: LaunchContext
    }
  | {
      readonly kind: 'deep-linking'
      readonly id: string
      readonly expiresAt: number
      readonly deepLinking: DeepLinkingSession
    }

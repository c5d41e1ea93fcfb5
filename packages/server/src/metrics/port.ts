/**
 * What the server reports about its work, as events: the features call these at the points where
 * a launch, a refusal, a score or a delivery happens, and know nothing of Prometheus. With
 * METRICS off the context holds {@link NO_METRICS}, so reporting costs nothing.
 */

/** The side of LTI an event belongs to. */
export type LtiRole = 'platform' | 'tool'

export type LtiVersion = '1.1' | '1.3'

/** What became of one delivery attempt of the tool's grade outbox. */
export type DeliveryOutcome = 'delivered' | 'retry' | 'dead'

/** The platform service a score arrived through. */
export type ScoreService = 'ags' | 'basic-outcomes'

export interface Metrics {
  /**
   * A launch: on the platform, one a signed-in person started (LTI 1.3 login initiation or the
   * LTI 1.1 form); on the tool, one it accepted and admitted.
   */
  launch(role: LtiRole, version: LtiVersion): void
  /** An LTI request refused with a catalogue code; `endpoint` names the step (few values). */
  refusal(role: LtiRole, endpoint: string, code: string): void
  /** A score the platform's grade book took from a tool (`stale`: older than the stored one). */
  scoreAccepted(service: ScoreService, result: 'applied' | 'stale'): void
  /** One delivery attempt of the tool's grade outbox to `platform` (`lti13:…` or `lti11:…`). */
  delivery(platform: string, outcome: DeliveryOutcome): void
  /** One HTTP request answered: its route pattern (never the raw URL), status and duration. */
  request(method: string, route: string, status: number, seconds: number): void
}

/** Reports nothing (METRICS off). */
export const NO_METRICS: Metrics = {
  launch() {},
  refusal() {},
  scoreAccepted() {},
  delivery() {},
  request() {},
}

/** One Prometheus scrape: the text exposition and its content type. */
export interface MetricsScrape {
  readonly contentType: string
  readonly body: string
}

/**
 * What one tool instance knows about each platform's delivery lane: whether a run is sending to it
 * now, and until when it asked us to wait (429 Retry-After, 503, no answer). Claims skip those
 * platforms, so a platform that hangs or throttles holds up only its own grades, and runs may
 * overlap (a slow platform's run goes on while the next run serves the others).
 */
export class DeliveryLanes {
  readonly #busy = new Set<string>()
  readonly #waitUntil = new Map<string, number>()
  #claiming: Promise<unknown> = Promise.resolve()

  /** Platforms a claim at `now` must leave alone. */
  skipped(now: number): string[] {
    for (const [platform, until] of this.#waitUntil) {
      if (until <= now) this.#waitUntil.delete(platform)
    }
    return [...new Set([...this.#busy, ...this.#waitUntil.keys()])]
  }

  /**
   * Runs claims one after another, so two overlapping runs cannot both take the same platform:
   * `claim` gets the platforms to skip at `now` and returns the platforms it took, which are
   * marked busy before the next claim starts.
   */
  claim<T>(
    now: number,
    claim: (skip: string[]) => Promise<{ items: T; platforms: string[] }>,
  ): Promise<T> {
    const next = this.#claiming.then(async () => {
      const { items, platforms } = await claim(this.skipped(now))
      for (const platform of platforms) this.#busy.add(platform)
      return items
    })
    this.#claiming = next.catch(() => undefined)
    return next
  }

  release(platform: string): void {
    this.#busy.delete(platform)
  }

  /** Holds the platform's grades until `until` (the latest wait asked for wins). */
  wait(platform: string, until: number): void {
    this.#waitUntil.set(platform, Math.max(until, this.#waitUntil.get(platform) ?? 0))
  }

  /** Until when the platform's grades wait; undefined when they need not. */
  waitingUntil(platform: string, now: number): number | undefined {
    const until = this.#waitUntil.get(platform)
    return until !== undefined && until > now ? until : undefined
  }
}

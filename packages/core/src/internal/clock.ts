/** A source of the current time, injectable so tests control it. Returns milliseconds since the epoch. */
export type Clock = () => number

export const systemClock: Clock = () => Date.now()

/** Seconds since the epoch, as JWT `iat`/`exp` use. */
export function epochSeconds(clock: Clock): number {
  return Math.floor(clock() / 1000)
}

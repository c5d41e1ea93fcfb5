// Issue 4: the tool role under load (placeholder until the tool's LTI routes work).
import type { Measured, Timing } from './platform.js'

export interface ToolResults {
  readonly launches: Measured[]
  readonly bare: Measured[]
  readonly driverSignRate: number
  readonly serverPeakRssMb: number
}

export async function toolBenchmarks(
  _timing: Timing,
  _levels: readonly number[],
): Promise<ToolResults | undefined> {
  return undefined
}

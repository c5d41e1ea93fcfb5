/**
 * Conditions ("this activity opens when those are complete") form a graph over a course's
 * activities. A cycle would lock every activity on it for good, so authoring refuses one.
 */

/**
 * A cycle of the graph (`requires` of each activity by id), as the ids along it with the first
 * repeated at the end (`[a, b, a]`: a requires b, b requires a), or `undefined` when none.
 */
export function findCycle(
  requires: ReadonlyMap<string, readonly string[]>,
): readonly string[] | undefined {
  const done = new Set<string>()
  const path: string[] = []
  const onPath = new Set<string>()

  const visit = (id: string): readonly string[] | undefined => {
    if (onPath.has(id)) return [...path.slice(path.indexOf(id)), id]
    if (done.has(id)) return undefined
    path.push(id)
    onPath.add(id)
    for (const next of requires.get(id) ?? []) {
      const cycle = visit(next)
      if (cycle !== undefined) return cycle
    }
    path.pop()
    onPath.delete(id)
    done.add(id)
    return undefined
  }

  for (const id of requires.keys()) {
    const cycle = visit(id)
    if (cycle !== undefined) return cycle
  }
  return undefined
}

import { SpecError } from "./spec-error.js";

/** One `Depends on` reference: requirement `from` names `on` at `line` of the spec. */
export interface DependencyReference {
  from: string;
  on: string;
  line: number;
}

/**
 * Refuses dependencies a run could never satisfy: on an id the spec does not have, on the requirement
 * itself, or around a cycle (none of its requirements could ever start). Errors name the line of the
 * `Depends on` that makes them; a cycle names every requirement on it and each of its lines.
 * `ids` is in spec order, so the same spec always reports the same cycle.
 */
export function checkDependencies(ids: readonly string[], references: readonly DependencyReference[], file: string): void {
  const known = new Set(ids);
  for (const reference of references) {
    if (reference.on === reference.from) throw new SpecError(`${reference.from} depends on itself`, file, reference.line);
    if (!known.has(reference.on)) throw new SpecError(`${reference.from} depends on ${reference.on}, which is not in the spec`, file, reference.line);
  }
  const edges = new Map<string, DependencyReference[]>(ids.map((id) => [id, []]));
  for (const reference of references) edges.get(reference.from)!.push(reference);
  const cycle = findCycle(ids, edges);
  if (!cycle) return;
  const path = [cycle[0]!.from, ...cycle.map((reference) => reference.on)].join(" -> ");
  const lines = cycle.map((reference) => reference.line).join(", ");
  throw new SpecError(`dependency cycle: ${path} (Depends on at lines ${lines})`, file, cycle[0]!.line);
}

/** Depth-first search; returns the references around the first cycle found, starting where it was entered. */
function findCycle(ids: readonly string[], edges: ReadonlyMap<string, readonly DependencyReference[]>): DependencyReference[] | undefined {
  const done = new Set<string>();
  const onPath: DependencyReference[] = [];
  const entered = new Map<string, number>();

  const visit = (id: string): DependencyReference[] | undefined => {
    entered.set(id, onPath.length);
    for (const reference of edges.get(id)!) {
      const start = entered.get(reference.on);
      if (start !== undefined) return [...onPath.slice(start), reference];
      if (done.has(reference.on)) continue;
      onPath.push(reference);
      const found = visit(reference.on);
      if (found) return found;
      onPath.pop();
    }
    entered.delete(id);
    done.add(id);
    return undefined;
  };

  for (const id of ids) {
    if (done.has(id)) continue;
    const found = visit(id);
    if (found) return found;
  }
  return undefined;
}

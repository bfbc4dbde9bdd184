/**
 * Requirement ids as tables show them: a feature-namespaced id (`001-photo-albums/FR-001`) shortened to
 * its own part (`FR-001`) where no other requirement shares that part, in full where one does.
 */
export function shortIds(ids: readonly string[]): (id: string) => string {
  const own = (id: string) => id.slice(id.lastIndexOf("/") + 1);
  const counts = new Map<string, number>();
  for (const id of ids) counts.set(own(id), (counts.get(own(id)) ?? 0) + 1);
  return (id) => (counts.get(own(id)) === 1 ? own(id) : id);
}

/**
 * A cost as people read it. When some of it is unknown (a model with no known price), it says so: never
 * the priced part alone, never $0.
 */
export function costText(usd: number, unknown = false, digits = usd < 10 ? 3 : 2): string {
  const known = `$${usd.toFixed(digits)}`;
  if (!unknown) return known;
  return usd === 0 ? "cost unknown" : `${known}+unknown`;
}

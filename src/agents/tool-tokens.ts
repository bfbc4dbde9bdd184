/** Splits a Claude Code tools string on commas and spaces outside parentheses, or keeps a list's strings. */
export function toolTokens(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === "string").map((item) => item.trim()).filter(Boolean);
  if (typeof value !== "string") return [];
  const tokens: string[] = [];
  let depth = 0;
  let current = "";
  for (const char of value) {
    if (char === "(") depth++;
    if (char === ")") depth = Math.max(0, depth - 1);
    if (depth === 0 && (char === "," || /\s/.test(char))) {
      tokens.push(current);
      current = "";
    } else current += char;
  }
  tokens.push(current);
  return tokens.map((token) => token.trim()).filter(Boolean);
}

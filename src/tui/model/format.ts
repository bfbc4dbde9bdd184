import { costText } from "../../domain/cost-text.js";

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.floor((ms % 60_000) / 1000);
  return `${minutes}m${String(seconds).padStart(2, "0")}s`;
}

export function formatTokens(tokens: number): string {
  if (tokens < 1000) return String(tokens);
  if (tokens < 1_000_000) return `${(tokens / 1000).toFixed(1)}k`;
  return `${(tokens / 1_000_000).toFixed(2)}M`;
}

export function formatCost(usd: number, unknown = false): string {
  return costText(usd, unknown);
}

/** Whole seconds for the status bar's clock: a tenth of a second there only flickers. */
export function formatElapsed(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  return formatDuration(seconds * 1000);
}

/** A summary that already ends with its own timing, like `exit 0 (1.0 s)`, is not timed twice. */
const TIMED = /\(\d+(\.\d+)? ?(ms|s)\)$/;

/** `Bash npm test -> exit 1 (2.3 s)`; diff-like summaries read better as `Write src/calc.js (+12 lines)`. */
export function formatToolLine(tool: string, title: string, summary: string, durationMs: number): string {
  if (/^[+-]\d/.test(summary)) return `${tool} ${title} (${summary})`;
  if (TIMED.test(summary)) return `${tool} ${title} -> ${summary}`;
  return `${tool} ${title} -> ${summary} (${formatDuration(durationMs)})`;
}

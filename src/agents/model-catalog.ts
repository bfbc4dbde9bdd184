/**
 * The Anthropic model ids greenlight resolves agent `model` values to. Kept in step with the installed
 * @anthropic-ai/sdk by test/agents/model-catalog.test.ts, which reads the SDK's Model type and its
 * deprecation list: nothing here may be deprecated there.
 */

/** The model an agent with `model: inherit` runs on when the workspace names none. */
export const DEFAULT_MODEL = "claude-sonnet-5-5";

export const MODEL_FAMILIES = ["opus", "sonnet", "haiku", "fable", "mythos"] as const;
export type ModelFamily = (typeof MODEL_FAMILIES)[number];

/** What the bare aliases `opus`, `sonnet`, ... mean: the newest model of that family. */
export const LATEST_IN_FAMILY: Record<ModelFamily, string> = {
  opus: "claude-opus-5-5",
  sonnet: "claude-sonnet-5-5",
  haiku: "claude-haiku-5-5",
  fable: "claude-fable-5-2",
  mythos: "claude-mythos-5-2",
};

/** Ids an agent file may name directly and keep. Anything else of a Claude family maps to the family's newest. */
export const CURRENT_MODELS: ReadonlySet<string> = new Set([
  "claude-fable-5-2",
  "claude-mythos-5-2",
  "claude-haiku-5-5",
  "claude-sonnet-5-5",
  "claude-fable-5-1",
  "claude-opus-5-5",
  "claude-mythos-5-1",
  "claude-sonnet-5",
  "claude-fable-5",
  "claude-mythos-5",
  "claude-opus-5",
  "claude-opus-4-8",
  "claude-opus-4-7",
  "claude-opus-4-6",
  "claude-sonnet-4-6",
  "claude-haiku-4-5",
  "claude-haiku-4-5-20251001",
  "claude-opus-4-5",
  "claude-opus-4-5-20251101",
]);

/** Claude Code's aliases that are not a bare family name. */
export const SPECIAL_ALIASES: Record<string, ModelFamily> = {
  best: "fable",
  opusplan: "opus",
  "opus[1m]": "opus",
  "sonnet[1m]": "sonnet",
};

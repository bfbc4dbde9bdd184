import { CURRENT_MODELS, LATEST_IN_FAMILY, MODEL_FAMILIES, SPECIAL_ALIASES, type ModelFamily } from "./model-catalog.js";

export interface ModelResolution {
  /** An Anthropic model id, or "inherit". */
  model: string;
  warning?: string;
}

/**
 * opencode's provider/model form. Claude reached through another provider is the same model, but
 * greenlight calls it through the Anthropic API: the prefix names that other provider for the warning.
 */
const PROVIDER_PREFIX = /^(anthropic|github-copilot|opencode|bedrock|amazon-bedrock|vertex|google-vertex|google-vertex-anthropic|openrouter(?:\/anthropic)?)\//i;
const OTHER_PROVIDERS: Record<string, string> = {
  bedrock: "Amazon Bedrock",
  "amazon-bedrock": "Amazon Bedrock",
  vertex: "Google Vertex AI",
  "google-vertex": "Google Vertex AI",
  "google-vertex-anthropic": "Google Vertex AI",
  openrouter: "OpenRouter",
  "openrouter/anthropic": "OpenRouter",
};
const BEDROCK_WRAPPER = /^(?:[a-z]{2,6}\.)?anthropic\.|-v\d+(?::\d+)?$/gi;
/** Vertex writes the date after `@` (`claude-haiku-4-5@20251001`), or `@default` for the current version. */
const VERTEX_VERSION = /@(default|latest|\d{8})$/i;
const VENDOR_SUFFIXES = /(?:\s*\([^)]*\))+\s*$/;
const FAMILY_FIRST = new RegExp(`^claude[\\s-]+(${MODEL_FAMILIES.join("|")})(?:[\\s-]+(\\d+)(?:[.-](\\d{1,2}))?)?(?:-(\\d{8}))?$`, "i");
const VERSION_FIRST = new RegExp(`^claude-(\\d+)(?:[.-](\\d{1,2}))?-(${MODEL_FAMILIES.join("|")})(?:-(\\d{8}))?$`, "i");

function isFamily(word: string): word is ModelFamily {
  return (MODEL_FAMILIES as readonly string[]).includes(word);
}

/** Splits a Copilot priority list (a YAML list, or the `a | 'b' | "c"` pseudo-list) into entries. */
function candidatesOf(value: unknown): string[] {
  const items = Array.isArray(value) ? value : [value];
  return items
    .filter((item): item is string | number => typeof item === "string" || typeof item === "number")
    .flatMap((item) => String(item).split("|"))
    .map((item) => item.trim().replace(/^(["'])(.*)\1$/, "$2").trim())
    .filter((item) => item.length > 0);
}

function strip(candidate: string): string {
  return candidate.replace(PROVIDER_PREFIX, "").replace(BEDROCK_WRAPPER, "").replace(VERTEX_VERSION, (_, version: string) => (/^\d/.test(version) ? `-${version}` : "")).replace(VENDOR_SUFFIXES, "").trim();
}

/** The family and id a model string names, or null when it is not a Claude model. */
function claudeIdOf(candidate: string): { family: ModelFamily; id: string } | null {
  const name = strip(candidate);
  const lower = name.toLowerCase();
  if (isFamily(lower)) return { family: lower, id: LATEST_IN_FAMILY[lower] };
  const special = SPECIAL_ALIASES[lower];
  if (special) return { family: special, id: LATEST_IN_FAMILY[special] };
  const first = FAMILY_FIRST.exec(name);
  if (first) return idFrom(first[1]!, first[2], first[3], first[4]);
  const legacy = VERSION_FIRST.exec(name);
  if (legacy) return idFrom(legacy[3]!, legacy[1], legacy[2], legacy[4]);
  return null;
}

function idFrom(familyText: string, major?: string, minor?: string, date?: string): { family: ModelFamily; id: string } {
  const family = familyText.toLowerCase() as ModelFamily;
  if (major === undefined) return { family, id: LATEST_IN_FAMILY[family] };
  const base = `claude-${family}-${major}${minor === undefined ? "" : `-${minor}`}`;
  return { family, id: date === undefined ? base : `${base}-${date}` };
}

function currentIdOf(claude: { family: ModelFamily; id: string }, candidate: string): ModelResolution {
  if (CURRENT_MODELS.has(claude.id)) return { model: claude.id };
  const undated = claude.id.replace(/-\d{8}$/, "");
  if (CURRENT_MODELS.has(undated)) return { model: undated };
  const latest = LATEST_IN_FAMILY[claude.family];
  return { model: latest, warning: `model: '${candidate}' is not a current Claude model; using ${latest}` };
}

/**
 * Resolves an agent file's `model` value to a current Anthropic id or "inherit". Old or deprecated ids
 * move to the newest model of their family, and non-Claude models to the workspace model, each with a
 * warning, so an agent never runs on a model the SDK would refuse or warn about.
 */
export function resolveModel(value: unknown, workspaceModel?: string): ModelResolution {
  if (value === undefined || value === null) return { model: "inherit" };
  const candidates = candidatesOf(value);
  if (candidates.length === 0) {
    if (typeof value === "string") return { model: "inherit" };
    return { model: "inherit", warning: `model: expected a model name, got ${JSON.stringify(value)}; using the workspace model` };
  }
  const first = candidates[0]!.toLowerCase();
  if (first === "inherit" || first === "default") return { model: "inherit" };
  for (const candidate of candidates) {
    const claude = claudeIdOf(candidate);
    if (!claude) continue;
    const resolved = currentIdOf(claude, candidate);
    const provider = OTHER_PROVIDERS[PROVIDER_PREFIX.exec(candidate)?.[1]?.toLowerCase() ?? ""];
    if (!provider) return resolved;
    const through = `model: '${candidate}' is Claude on ${provider}; greenlight calls ${resolved.model} through the Anthropic API (ANTHROPIC_BASE_URL for a gateway)`;
    return { model: resolved.model, warning: resolved.warning ? `${through}; ${resolved.warning.replace(/^model: /, "")}` : through };
  }
  const fallback = workspaceModel ?? "inherit";
  const named = workspaceModel ? ` (${workspaceModel})` : "";
  return { model: fallback, warning: `model: '${candidates.join(" | ")}' is not a Claude model; using the workspace model${named}` };
}

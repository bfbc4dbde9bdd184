import type { Handoff } from "../domain/agent-definition.js";
import { resolveModel } from "./resolve-model.js";

export interface HandoffsResult {
  handoffs: Handoff[];
  warnings: string[];
}

function text(value: unknown): string | null {
  if (typeof value === "string") return value.trim();
  if (typeof value === "number") return String(value);
  return null;
}

/**
 * Reads Copilot-style `handoffs` entries (`label`, `agent`, `prompt`, `send`, `model`). A bad entry is
 * skipped with a warning naming its position; the others still load. Targets are resolved later, once
 * every agent is known.
 */
export function parseHandoffs(value: unknown, workspaceModel?: string): HandoffsResult {
  const warnings: string[] = [];
  if (value === undefined || value === null) return { handoffs: [], warnings };
  if (!Array.isArray(value)) {
    warnings.push("handoffs: expected a list of {label, agent, prompt, send} entries; ignored");
    return { handoffs: [], warnings };
  }
  const handoffs: Handoff[] = [];
  value.forEach((entry, index) => {
    const where = `handoffs[${index}]`;
    if (entry === null || typeof entry !== "object" || Array.isArray(entry)) {
      warnings.push(`${where}: expected an entry with label and agent; skipped`);
      return;
    }
    const fields = entry as Record<string, unknown>;
    const agent = text(fields["agent"]);
    if (!agent) {
      warnings.push(`${where}.agent: expected the name of the agent to hand off to; entry skipped`);
      return;
    }
    const label = text(fields["label"]) || `Hand off to ${agent}`;
    if (!text(fields["label"])) warnings.push(`${where}.label: expected button text; using '${label}'`);
    const prompt = fields["prompt"] === undefined ? "" : text(fields["prompt"]);
    if (prompt === null) warnings.push(`${where}.prompt: expected text; ignored`);
    const sendValue = fields["send"];
    const send = sendValue === true || sendValue === "true";
    if (sendValue !== undefined && typeof sendValue !== "boolean" && sendValue !== "true" && sendValue !== "false") {
      warnings.push(`${where}.send: expected true or false, got ${JSON.stringify(sendValue)}; using false`);
    }
    const handoff: Handoff = { label, agent, prompt: prompt ?? "", send };
    if (fields["model"] !== undefined) {
      const resolved = resolveModel(fields["model"], workspaceModel);
      if (resolved.warning) warnings.push(`${where}.${resolved.warning}`);
      if (resolved.model !== "inherit") handoff.model = resolved.model;
    }
    handoffs.push(handoff);
  });
  return { handoffs, warnings };
}

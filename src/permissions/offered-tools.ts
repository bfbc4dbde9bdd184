import type { ToolSelection } from "../domain/agent-definition.js";
import { CAPABILITY_LIST } from "./capability-list.js";
import { wholeDenial, type PermissionLayers } from "./decide.js";

/** The tools an agent is offered: its selection without the capabilities a rule denies every use of. */
export function offeredTools(selection: ToolSelection, layers: Pick<PermissionLayers, "agent" | "team">): ToolSelection {
  const granted = selection.mode === "all" ? CAPABILITY_LIST : selection.mode === "list" ? selection.capabilities : [];
  const kept = granted.filter((capability) => !wholeDenial(layers, capability));
  if (kept.length === granted.length) return selection;
  return { mode: "list", capabilities: [...kept], raw: selection.raw };
}

import type { AgentCatalog } from "../agents/index.js";
import { fail, ok, warn, type CheckResult } from "./check.js";

/** The three roles' agents load, and how many warnings the project's agent files carry. */
export function checkAgents(catalog: AgentCatalog, roles: { qa: string; backend: string; reviewer: string }, builtinDir: string): CheckResult {
  const names = new Set(catalog.agents.map((agent) => agent.name));
  const missing = Object.entries(roles).filter(([, name]) => !names.has(name));
  const project = catalog.files.filter((report) => !report.file.startsWith(builtinDir));
  const broken = project.filter((report) => !report.ok);
  const warnings = project.reduce((sum, report) => sum + report.warnings.length, 0);
  const summary = `${Object.entries(roles).map(([role, name]) => `${role}: ${name}`).join(", ")}; ${project.length} project agent files, ${broken.length} not loaded, ${warnings} warnings`;
  if (missing.length > 0) {
    return fail("agents", `no agent named ${missing.map(([role, name]) => `${name} (the ${role} role)`).join(", ")}; ${summary}`, 'greenlight agents list shows the names; set "roles" in greenlight.json to one of them');
  }
  if (broken.length > 0 || warnings > 0) return warn("agents", summary, `greenlight agents lint shows each error and warning with its file and line${broken.length > 0 ? ` (not loaded: ${broken.map((report) => report.file).join(", ")})` : ""}`);
  return ok("agents", summary);
}

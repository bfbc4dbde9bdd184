import type { DeepReadonly } from "../domain/deep-readonly.js";
import type { GateRun } from "../domain/traceability.js";

export function duration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} min ${Math.round((ms % 60_000) / 1000)} s`;
}

export function cost(usd: number): string {
  return `$${usd.toFixed(usd < 1 ? 4 : 2)}`;
}

const EVIDENCE_WORDS = { report: "report", output: "from output", "exit-code": "exit code only" } as const;

/** A gate run in a few words: exit code, refused when it exited 0 and was not accepted, and its evidence. */
export function gateWords(gate: DeepReadonly<GateRun> | undefined): string {
  if (!gate) return "-";
  const refused = gate.passed === false && gate.exitCode === 0 ? ", refused" : "";
  const evidence = gate.evidence ? ` (${EVIDENCE_WORDS[gate.evidence]})` : "";
  return `exit ${gate.exitCode ?? "killed"}${refused}${evidence}`;
}

export function gatePassed(gate: DeepReadonly<GateRun> | undefined): boolean | undefined {
  return gate === undefined ? undefined : (gate.passed ?? gate.exitCode === 0);
}

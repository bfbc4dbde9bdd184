import { cp, mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PACKAGE_ASSETS } from "../domain/package-assets.js";
import { defaultStateDir } from "../store/state-dir.js";
import { parseFlags } from "./parse-flags.js";
import type { TeamMember } from "../run/team-info.js";
import { runInvocation } from "./run-command.js";
import { UsageError } from "./usage-error.js";

const USAGE = "usage: greenlight demo [--pace MS] [--headless] [--json]";
/** Streaming pace in the workspace, slow enough to watch the agents work. */
const WORKSPACE_PACE_MS = 200;
const EXAMPLE = PACKAGE_ASSETS.demoExample;

/**
 * Copies the example into a fresh temporary folder (never into greenlight's own package, which may be
 * read-only), plans its spec and runs it offline. The folder is kept and named, so the work can be looked at.
 */
export default async function demoCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags(argv, { pace: { type: "string" }, headless: { type: "boolean" }, json: { type: "boolean" } }, USAGE);
  const interactive = process.stdout.isTTY === true && !values.headless && !values.json;
  if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`, USAGE);
  const paceMs = values.pace === undefined ? (interactive ? WORKSPACE_PACE_MS : 0) : Number(values.pace);
  if (!Number.isFinite(paceMs) || paceMs < 0) throw new UsageError("--pace takes a number of milliseconds, 0 or more", USAGE);
  const projectDir = await mkdtemp(join(tmpdir(), "greenlight-demo-"));
  const stateDir = defaultStateDir(projectDir);
  const invocation = {
    projectDir,
    stateDir,
    cassette: join(EXAMPLE, "cassettes", "demo.json"),
    paceMs,
    json: values.json ?? false,
    interactive,
    approveEach: false,
    overrides: {},
  };
  const team = interactive ? await builtinTeam() : [];
  const code = await runInvocation(invocation, team, async () => {
    await copyAndPlan(projectDir, stateDir);
    if (!values.json && !interactive) process.stdout.write(`demo project (a temporary copy of the example): ${projectDir}\n`);
  });
  if (interactive) process.stdout.write(`demo project (a temporary copy of the example): ${projectDir}\n`);
  return code;
}

/** The demo's team as the run will show it, so the workspace's first frame already has its panes. */
async function builtinTeam(): Promise<TeamMember[]> {
  const [{ loadAgents }, { teamInfo }] = await Promise.all([import("../agents/index.js"), import("../run/team-info.js")]);
  const { agents } = await loadAgents({ projectDir: EXAMPLE, builtinDir: PACKAGE_ASSETS.builtinAgents });
  const [qa, backend, reviewer] = ["qa", "backend", "reviewer"].map((name) => agents.find((agent) => agent.name === name));
  return qa && backend && reviewer ? teamInfo({ qa, backend, reviewer }, { env: process.env.GREENLIGHT_MODEL }) : [];
}

/** The demo's own project: a fresh copy of the example with its spec planned into state. */
async function copyAndPlan(projectDir: string, stateDir: string): Promise<void> {
  const [{ parseSpec }, { applyRequirements }, { openStateStore }] = await Promise.all([
    import("../plan/import-spec.js"),
    import("../store/apply-requirements.js"),
    import("../store/state-store.js"),
  ]);
  await cp(EXAMPLE, projectDir, { recursive: true, filter: (source) => !source.startsWith(join(EXAMPLE, "cassettes")) });
  const specFile = join(projectDir, "SPEC.md");
  const { requirements } = parseSpec(await readFile(specFile, "utf8"), specFile);
  const store = await openStateStore(stateDir, { write: true });
  await store.update((draft) => {
    applyRequirements(draft, requirements, new Date().toISOString());
  });
  await store.close();
}

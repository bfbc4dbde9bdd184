import { basename } from "node:path";
import type { TeamMember } from "../run/team-info.js";
import { openEarlyWorkspace } from "./early-workspace.js";
import { parseRunArguments, type RunInvocation } from "./run-invocation.js";

/**
 * Runs the pipeline in the workspace or headless. The workspace opens before the engine is imported, so
 * the person sees the frame at once; exit 0 all approved, 1 some blocked, 130 interrupted.
 */
export async function runInvocation(invocation: RunInvocation, team: TeamMember[] = [], before?: () => Promise<void>): Promise<number> {
  const workspace = invocation.interactive ? await openEarlyWorkspace(basename(invocation.projectDir), team) : undefined;
  try {
    await before?.();
    const { runPipeline } = await import("./run-pipeline.js");
    return await runPipeline(invocation, workspace);
  } catch (error) {
    workspace?.ui.destroy();
    throw error;
  }
}

export default async function runCommand(argv: string[]): Promise<number> {
  return runInvocation(parseRunArguments(argv));
}

import type { Requirement } from "../../domain/requirement.js";
import type { DeepReadonly } from "../../domain/deep-readonly.js";
import type { TraceRow } from "../../domain/traceability.js";
import type { PipelinePorts, StageAction } from "../../workflow/requirement-pipeline.js";
import { createPipelinePorts } from "../pipeline-ports.js";
import type { RunDeps } from "../run-deps.js";
import type { Slots } from "../slots.js";

const STAGE_NAMES: Record<StageAction, string> = {
  run_qa: "qa",
  run_red_gate: "red gate",
  run_backend: "backend",
  run_green_gate: "green gate",
  run_review: "review",
};

const STAGE_ROLES: Partial<Record<StageAction, "qa" | "backend" | "reviewer">> = { run_qa: "qa", run_backend: "backend", run_review: "reviewer" };

/** The message of a stage's commit on the requirement's branch: the requirement, the stage and its agent, what came of it. */
export function stageCommitMessage(requirement: Requirement, action: StageAction, agent: string, detail: string): string {
  const stage = STAGE_NAMES[action];
  const line = detail.split("\n")[0]!;
  const subject = `${requirement.id} ${line.startsWith(`${stage}: `) ? line : `${stage}: ${line}`}`.slice(0, 160);
  return `${subject}\n\n${detail}\n\nGreenlight-Requirement: ${requirement.id}\nGreenlight-Stage: ${stage}\nGreenlight-Agent: ${agent}\n`;
}

export interface LanePortsOptions {
  /** The run's means, with the lane's folder, lock, git and agents in place of the project's. */
  deps: RunDeps;
  requirement: Requirement;
  slots: Slots;
  /** Other requirements whose work the lane's worktree holds (integrated before it branched or merged). */
  visible: () => ReadonlySet<string>;
  commit: (message: string) => Promise<unknown>;
}

/**
 * A lane's pipeline ports: those of a sequential run, in the worktree, where gates take a slot, the
 * matrix shows only the rows whose tests the worktree holds (another lane's approved tests are not here
 * yet, and must not be taken as missing), and every stage ends with a commit on the branch.
 */
export function createLanePorts(options: LanePortsOptions): PipelinePorts {
  const { deps, requirement } = options;
  const ports = createPipelinePorts(deps, requirement, deps.git);
  const inLane = (row: DeepReadonly<TraceRow>) => row.id === requirement.id || options.visible().has(row.id);
  return {
    ...ports,
    runGate: (gate, command) => options.slots.with(() => ports.runGate(gate, command)),
    matrix: {
      rows: () => deps.store.snapshot().matrix.requirements.filter(inLane),
      update: (mutate) =>
        deps.store.update((draft) => {
          mutate(draft.matrix.requirements.filter(inLane));
        }),
    },
    stageEnded: async (action, _outcome, detail) => {
      const role = STAGE_ROLES[action];
      await options.commit(stageCommitMessage(requirement, action, role ? deps.config.roles[role] : "greenlight", detail));
    },
  };
}

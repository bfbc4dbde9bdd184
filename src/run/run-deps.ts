import type { Role } from "../domain/roles.js";
import type { SessionReport } from "../domain/session-report.js";
import type { EventBus } from "../events/event-bus.js";
import type { TestLock } from "../gates/test-lock.js";
import type { Inbox } from "../person/inbox.js";
import type { GitProject } from "../project/git-diff.js";
import type { ProcessRunner } from "../process/process-runner.js";
import type { StateStore } from "../store/state-store.js";
import type { RunConfig } from "./config.js";
import type { Checkout } from "./lanes/require-clean-checkout.js";
import type { Slots } from "./slots.js";
import type { Workplace, WorkplaceOptions } from "./workplace.js";

/** A parallel run's means: the person's checkout it integrates into, a workplace per lane, and the gates' slots. */
export interface LaneMeans {
  checkout: Checkout;
  open(options: WorkplaceOptions): Promise<Workplace>;
  /** Test runs at once across lanes (greenlight.json gateConcurrency). */
  slots: Slots;
}

/** What a run's requirements are driven with: the store, the bus, the test runner, the agents and the person. */
export interface RunDeps {
  projectDir: string;
  store: StateStore;
  bus: EventBus;
  config: RunConfig;
  runner: ProcessRunner;
  /** The environment of test commands, already scrubbed of secrets. */
  env: Record<string, string>;
  lock: TestLock;
  /** The project's git, asked once per run whether it tracks the project (the workspace's diffs share it). */
  git: GitProject;
  runAgent: (stage: Role, prompt: string, requirement: string) => Promise<SessionReport>;
  beforeStage?: () => Promise<void>;
  /** Told which requirement the run takes up next, before its first event. */
  onRequirementStarted?: (requirement: string) => void;
  /** A person at the workspace: blocked tasks wait in their inbox, and with approveEach so does every approval. */
  person?: { inbox: Inbox; approveEach: boolean };
  /** Set for a parallel run: each requirement in its own worktree, integrated through the merge queue. */
  lanes?: LaneMeans;
  signal: AbortSignal;
}

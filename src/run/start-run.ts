import type { AgentDefinition } from "../domain/agent-definition.js";
import { PACKAGE_ASSETS } from "../domain/package-assets.js";
import type { DeepReadonly } from "../domain/deep-readonly.js";
import type { TraceRow } from "../domain/traceability.js";
import { loadAgents } from "../agents/index.js";
import { EventBus } from "../events/event-bus.js";
import { commandIsolation, createProcessRunner, scrubbedEnvironment } from "../process/index.js";
import { openRunLog } from "../store/run-log.js";
import { openStateStore } from "../store/state-store.js";
import { AgentSessions } from "../person/agent-sessions.js";
import { MessageQueue } from "../person/message-queue.js";
import { ConfigError } from "../domain/config-error.js";
import type { RunConfig } from "./config.js";
import { runAllRequirements } from "./run-requirements.js";
import type { RunSummary } from "./run-summary.js";
import { Inbox } from "../person/inbox.js";
import { personConversations } from "../person/person-conversations.js";
import type { Role } from "../domain/roles.js";
import type { RunEngine } from "../person/run-controller.js";
import { qaWorkWatcher } from "./qa-work.js";
import { openProvider } from "./open-provider.js";
import { refuseUnpricedModels } from "./cost-budget-prices.js";
import { teamInfo } from "./team-info.js";
import { openLaneWorkplace, openWorkplace, type Workplace, type WorkplaceShared } from "./workplace.js";
import { Slots } from "./slots.js";
import { trackRunSpend, type Spend } from "./run-spend.js";
import { requireCleanCheckout } from "./lanes/require-clean-checkout.js";
import { refuseLanesInProgress } from "./lanes/lanes-in-progress.js";
import { requirementDiff } from "../project/requirement-diff.js";

export interface StartRunOptions {
  projectDir: string;
  stateDir: string;
  config: RunConfig;
  cassette?: string;
  paceMs?: number;
  signal: AbortSignal;
  beforeStage?: () => Promise<void>;
  /** Subscribes the outputs (reporters, TUI) before anything is published. */
  attach: (bus: EventBus) => void;
  person?: PersonAtWorkspace;
}

/**
 * A person at the workspace: questions, escalations and (with approveEach) approvals wait in their
 * inbox; connect receives the engine their actions reach, and nothing once the run has finished.
 */
export interface PersonAtWorkspace {
  approveEach: boolean;
  connect(engine: RunEngine | undefined): void;
}

export interface FinishedRun {
  summary: RunSummary;
  rows: readonly DeepReadonly<TraceRow>[];
  runLogPath: string;
  /** What the run's sessions spent, every lane's and subagent's turns and summaries together. */
  spent: Spend;
}


/** Composes store, agents, provider, tools and the bus into one run, and ends it with run_finished. */
export async function startRun(options: StartRunOptions): Promise<FinishedRun> {
  const started = Date.now();
  const runId = `run-${new Date().toISOString().replace(/[:.]/g, "-")}`;
  const bus = new EventBus(runId);
  const store = await openStateStore(options.stateDir, { write: true, onNotice: (message) => bus.publish({ type: "log", level: "warn", message }) });
  const log = openRunLog(options.stateDir, runId);
  bus.subscribe((event) => log.append(event));
  options.attach(bus);
  let closeProject: (() => Promise<void>) | undefined;
  let closeRunner: (() => Promise<void>) | undefined;
  try {
    if (store.snapshot().taskList.tasks.length === 0) {
      throw new ConfigError(`no requirements in ${options.stateDir}: import them first with \`greenlight plan SPEC.md\``);
    }
    const catalog = await loadAgents({ projectDir: options.projectDir, builtinDir: PACKAGE_ASSETS.builtinAgents, ...(options.config.model ? { workspaceModel: options.config.model } : {}) });
    const pick = (name: string): AgentDefinition => {
      const agent = catalog.agents.find((candidate) => candidate.name === name);
      if (!agent) throw new ConfigError(`no agent named '${name}' (found: ${catalog.agents.map((candidate) => candidate.name).join(", ")})`);
      return agent;
    };
    const agents: Record<Role, AgentDefinition> = { qa: pick(options.config.roles.qa), backend: pick(options.config.roles.backend), reviewer: pick(options.config.roles.reviewer) };
    const isolation = await commandIsolation(options.config.sandbox.mode);
    if (isolation.refusal !== undefined) throw new ConfigError(isolation.refusal);
    const runner = createProcessRunner({ sandbox: { ...options.config.sandbox, readOnly: [...options.config.sandbox.readOnly, options.stateDir] } });
    closeRunner = runner.close;
    const env = scrubbedEnvironment(process.env);
    if (options.config.parallel === 1) refuseLanesInProgress(store.snapshot().matrix.requirements);
    const checkout = options.config.parallel > 1 ? await requireCleanCheckout({ runner, projectDir: options.projectDir, env }, options.config.parallel, { stateDir: options.stateDir, rows: store.snapshot().matrix.requirements }) : undefined;
    const provider = await openProvider({ cassette: options.cassette, paceMs: options.paceMs ?? 0 });
    const models = { flag: options.config.modelFlag, env: process.env.GREENLIGHT_MODEL, config: options.config.model };
    refuseUnpricedModels(options.config, teamInfo(agents, models));
    // The requirement the run works on now: tamper refusals and the person's conversations belong to it.
    let current = "";
    const messages = new MessageQueue((event, requirement) => bus.publish(event, requirement));
    const sessions = new AgentSessions(options.signal, (key) => messages.take(key));
    const inbox = options.person ? new Inbox(bus) : undefined;
    const shared: WorkplaceShared = { stateDir: options.stateDir, config: options.config, store, bus, agents, catalog: catalog.agents, provider, runner, env, models, sessions, runSpent: trackRunSpend(bus), ...(inbox ? { inbox } : {}) };
    const project = await openWorkplace(shared, { dir: options.projectDir, requirementNow: () => current });
    closeProject = project.close;
    const { lock, git, agentRunner } = project;
    const lanes = new Map<string, Workplace>();
    const snapshot = store.snapshot();
    bus.publish({
      type: "run_started",
      project: options.projectDir,
      requirements: snapshot.taskList.tasks.map((task) => ({ id: task.requirement, title: snapshot.taskList.requirements.find((r) => r.id === task.requirement)?.title ?? "", status: task.status })),
      agents: teamInfo(agents, models),
      testCommand: options.config.testCommand,
      ...(options.config.parallel > 1 ? { parallel: options.config.parallel } : {}),
    });
    for (const row of snapshot.matrix.requirements) bus.publish({ type: "matrix_row", row: structuredClone(row) as TraceRow }, row.id);
    if (isolation.warning !== undefined) bus.publish({ type: "log", level: "warn", message: isolation.warning });
    const currentRequirement = (lane?: string) => store.snapshot().taskList.requirements.find((requirement) => requirement.id === (lane ?? current));
    const laneOf = (requirement: string | undefined) => (requirement === undefined ? undefined : lanes.get(requirement));
    // In a parallel run the person talks to the agents of the lane they are on, in its worktree, never in
    // the project folder, where a lane's agent would edit the person's own checkout.
    const placeOf = (requirement: string | undefined) => {
      const lane = laneOf(requirement);
      if (lane) return lane;
      if (checkout) throw new Error(`${requirement ?? "no requirement"} has no lane running now: in a parallel run an agent works only in a running lane's worktree (switch lanes with [ and ])`);
      return project;
    };
    const watchQa = qaWorkWatcher({ store, bus, placeOf, testCommand: options.config.testCommand });
    const laneAgents = { converse: (agent: string, prompt: string, fresh?: boolean, requirement?: string) => placeOf(requirement).agentRunner.converse(agent, prompt, fresh, requirement) };
    const conversations = personConversations(laneAgents, agents.qa.name, () => current, watchQa);
    if (options.person && inbox) {
      options.person.connect({
        inbox,
        sessions,
        messages,
        agents: conversations.agents,
        currentRequirement,
        cannotConverse: (agent) => provider.cannotServe?.(agent),
        // A requirement at work in its own worktree is diffed there.
        diff: (requirement) => {
          const place = laneOf(requirement) ?? project;
          return requirementDiff(options.stateDir, place.dir, requirement, place.git);
        },
      });
    }
    const summary = await runAllRequirements({
      projectDir: options.projectDir,
      store,
      bus,
      config: options.config,
      runner,
      env,
      lock,
      git,
      runAgent: agentRunner.runStage,
      ...(checkout ? { lanes: { checkout, open: (lane) => openLaneWorkplace(shared, lane, lanes), slots: new Slots(options.config.gateConcurrency) } } : {}),
      onRequirementStarted: (id) => {
        current = id;
      },
      signal: options.signal,
      ...(options.beforeStage ? { beforeStage: options.beforeStage } : {}),
      ...(options.person && inbox ? { person: { inbox, approveEach: options.person.approveEach } } : {}),
    });
    // Conversations a person started end before run_finished, so the log holds their last events, and
    // before the store closes, so a QA conversation's test contract is saved.
    await sessions.settled();
    await conversations.settled();
    messages.close("the run ended before the agent's next turn");
    options.person?.connect(undefined);
    bus.publish({ type: "run_finished", outcome: summary.outcome, approved: summary.approved, total: summary.total, blocked: summary.blocked, durationMs: Date.now() - started });
    return { summary, rows: store.snapshot().matrix.requirements, runLogPath: log.path, spent: shared.runSpent() };
  } finally {
    await closeProject?.();
    await closeRunner?.();
    await log.close();
    await store.close();
  }
}

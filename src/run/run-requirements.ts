import type { Requirement } from "../domain/requirement.js";
import type { InboxReply } from "../person/inbox.js";
import { createPipelinePorts } from "./pipeline-ports.js";
import { runRequirementPipeline, type PipelineEnd, type PipelinePorts } from "../workflow/requirement-pipeline.js";
import { runInLanes } from "./run-lanes.js";
import type { RunDeps } from "./run-deps.js";

export interface RunSummary {
  outcome: "approved" | "incomplete" | "interrupted";
  approved: number;
  total: number;
  blocked: string[];
}

interface Escalation {
  requirement: Requirement;
  reply: Promise<InboxReply | undefined>;
}

/**
 * Takes every open requirement, in spec order, through its pipeline. Headless, a blocked task stays
 * blocked and the run moves on; with a person, it waits in their inbox while the run goes on with the
 * other requirements, and resumes when they answer (the run ends once nothing waits for them).
 */
export async function runAllRequirements(deps: RunDeps): Promise<RunSummary> {
  if (deps.lanes) return runInLanes(deps, deps.lanes);
  const { store } = deps;
  let interrupted = false;
  const open = store.snapshot().taskList.requirements.filter((requirement) => !requirement.removed);
  const escalations: Escalation[] = [];
  const settle = async (requirement: Requirement, answer?: string): Promise<void> => {
    deps.onRequirementStarted?.(requirement.id);
    const end = await runOne(deps, createPipelinePorts(deps, requirement, deps.git), answer);
    if (end === "interrupted") interrupted = true;
    else if (end === "blocked" && deps.person) {
      const task = store.snapshot().taskList.tasks.find((candidate) => candidate.requirement === requirement.id)!;
      const reply = deps.person.inbox.ask({ kind: "escalation", requirement: requirement.id, text: task.blockedReason ?? "blocked" }, deps.signal);
      escalations.push({ requirement, reply });
    }
  };
  for (const requirement of open) {
    if (deps.signal.aborted || interrupted) break;
    await settle(requirement);
  }
  if (escalations.length > 0 && !deps.signal.aborted && !interrupted) {
    const waiting = escalations.map((escalation) => escalation.requirement.id).join(", ");
    deps.bus.publish({ type: "log", level: "info", message: `waiting for the person: answer ${waiting} in the inbox (i) to resume, or quit (q)` });
  }
  while (escalations.length > 0 && !deps.signal.aborted && !interrupted) {
    const { index, reply } = await Promise.race(escalations.map((escalation, index) => escalation.reply.then((answered) => ({ index, reply: answered }))));
    const [escalation] = escalations.splice(index, 1);
    if (reply?.kind === "skip") continue;
    if (reply?.kind !== "answer") break;
    await settle(escalation!.requirement, reply.text);
  }
  return summarize(deps, open, interrupted || deps.signal.aborted);
}

/** The run's end from the tasks' statuses, saved first. */
export async function summarize(deps: RunDeps, open: readonly Requirement[], interrupted: boolean): Promise<RunSummary> {
  const { store } = deps;
  await store.flush();
  const tasks = store.snapshot().taskList.tasks.filter((task) => open.some((requirement) => requirement.id === task.requirement));
  const approved = tasks.filter((task) => task.status === "approved").length;
  const blocked = tasks.filter((task) => task.status === "blocked").map((task) => task.requirement);
  const outcome = interrupted ? "interrupted" : approved === tasks.length ? "approved" : "incomplete";
  return { outcome, approved, total: tasks.length, blocked };
}

/** One requirement's pipeline, then (with --approve each) the person's approval, back to the backend when they reject. */
export async function runOne(deps: RunDeps, ports: PipelinePorts, answer?: string): Promise<PipelineEnd> {
  const { requirement } = ports;
  if (!ports.task() || !ports.row()) return "approved";
  // Locks last: an approved requirement's tests stay locked while later ones are worked on, and the
  // harness as the latest requirement recorded it.
  deps.lock.lock(ports.row().tests.files);
  const harness = ports.row().tests.harness;
  if (harness) deps.lock.lockHarness(harness);
  const alreadyApproved = ports.task().status === "approved";
  let end = await runRequirementPipeline(ports, answer);
  while (end === "approved" && !alreadyApproved && deps.person?.approveEach) {
    const text = `${requirement.id} ${requirement.title}: the reviewer approved it. Approve to go on to the next requirement, or reject with a note for the backend.`;
    const reply = await deps.person.inbox.ask({ kind: "approval", requirement: requirement.id, text }, deps.signal);
    if (!reply) return "interrupted";
    if (reply.kind === "approve") return "approved";
    const note = "note" in reply ? reply.note : "text" in reply ? reply.text : "";
    await ports.updateRow((row) => {
      row.reviews.push({ verdict: "request_changes", summary: "rejected by the person", findings: [note], by: "person", at: new Date().toISOString() });
    });
    const task = ports.task();
    await ports.transition("changes_requested", `rejected by the person: ${note}`, { ...task.attempts, review: 0 }, deps.config.roles.backend);
    end = await runRequirementPipeline(ports);
  }
  return end;
}

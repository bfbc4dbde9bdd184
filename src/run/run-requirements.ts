import type { Requirement } from "../domain/requirement.js";
import type { InboxReply } from "../person/inbox.js";
import { createPipelinePorts } from "./pipeline-ports.js";
import { runInLanes } from "./lanes/run-lanes.js";
import { runOne } from "./run-one.js";
import { summarize, type RunSummary } from "./run-summary.js";
import type { RunDeps } from "./run-deps.js";

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


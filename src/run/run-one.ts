import type { PipelineEnd, PipelinePorts } from "../workflow/requirement-pipeline.js";
import { runRequirementPipeline } from "../workflow/requirement-pipeline.js";
import type { RunDeps } from "./run-deps.js";

/** One requirement's pipeline, then (with --approve each) the person's approval, back to the backend when they reject. */
export async function runOne(deps: RunDeps, ports: PipelinePorts, answer?: string): Promise<PipelineEnd> {
  const { requirement } = ports;
  if (!ports.task() || !ports.row()) return "approved";
  // Locks last: an approved requirement's tests stay locked while later ones are worked on, and the
  // harness as the latest requirement recorded it.
  deps.lock.lock(ports.row().tests.files);
  const harness = ports.row().tests.harness;
  if (harness) deps.lock.lockHarness(harness);
  // What the spec marks as needing a person's answer goes to them before QA writes a test that guesses it.
  const questions = requirement.clarifications ?? [];
  if (questions.length > 0 && answer === undefined && ports.task().status === "pending") {
    await ports.transition("blocked", `needs clarification before QA writes tests: ${questions.join("; ")}`, ports.task().attempts);
    return "blocked";
  }
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

import type { Integration, IntegrationState, TraceRow } from "../../domain/traceability.js";
import { baselineView } from "../../gates/baseline.js";
import { judgeIntegrationGate } from "../../gates/integration-gate.js";
import { moveBaseline } from "../../project/baseline-store.js";
import { advanceCheckout, mergeIntegrationHead, squashOnto } from "../../project/integration-merge.js";
import { stageLog } from "../../project/stage-log.js";
import { filesWithConflictMarkers } from "../../project/conflict-markers.js";
import { changedSince, commitAll, hasUncommittedWork } from "../../project/worktree-commits.js";
import { currentCheckout, isAncestor } from "../../project/repository-state.js";
import { integrationMessage } from "./integration-message.js";
import { shortCommit } from "../../domain/integration-text.js";
import type { Lane } from "./lane.js";
import { refreshHeld } from "./lane-visibility.js";

export type IntegrationEnd = "integrated" | "sent_back" | "blocked" | "interrupted";

/** How often an integration follows the person's branch moving under it before it waits for them. */
const HEAD_MOVES = 3;

async function setIntegration(lane: Lane, change: Partial<Integration>, mutate?: (row: TraceRow) => void): Promise<void> {
  await lane.ports.updateRow((row) => {
    row.integration = { ...row.integration!, ...change };
    mutate?.(row);
  });
}

/**
 * Sends the requirement back to its backend (in its worktree, now holding the new head) with why: the
 * conflicting files or the failing tests. After the last allowed attempt it waits for a person instead.
 */
async function sendBack(lane: Lane, outcome: "conflict" | "failed", summary: string, findings: string[], names: { files: string[]; tests: string[] }): Promise<IntegrationEnd> {
  const { deps, ports, requirement } = lane;
  const attempts = ports.row().integration!.attempts + 1;
  const exhausted = attempts >= deps.config.maxIntegrations;
  await setIntegration(lane, { state: exhausted ? "blocked" : "sent_back", attempts, summary, at: new Date().toISOString() }, (row) => {
    row.reviews.push({ verdict: "request_changes", summary, findings, by: "merge queue", at: new Date().toISOString() });
  });
  deps.bus.publish({ type: "integration_finished", requirement: requirement.id, outcome, ...names, summary }, requirement.id);
  const task = ports.task();
  // The history goes through changes_requested, so a person's answer to a block restarts the backend.
  await ports.transition("changes_requested", `merge queue: ${summary}`, { ...task.attempts, implement: 0, review: 0 }, deps.config.roles.backend);
  if (!exhausted) return "sent_back";
  await ports.transition("blocked", `integration failed ${attempts} time(s) (greenlight.json maxAttempts.integrate): ${summary}`, ports.task().attempts, deps.config.roles.backend);
  return "blocked";
}

/** The merge queue's entry and the matrix row say where the integration is now. */
async function enter(lane: Lane, setState: (state: IntegrationState) => void, state: IntegrationState): Promise<void> {
  setState(state);
  await setIntegration(lane, { state });
}

async function block(lane: Lane, reason: string): Promise<IntegrationEnd> {
  await setIntegration(lane, { state: "blocked", summary: reason, at: new Date().toISOString() });
  await lane.ports.transition("blocked", reason, lane.ports.task().attempts, lane.ports.task().owner);
  return "blocked";
}

async function recordIntegrated(lane: Lane, commit: string, into: string): Promise<IntegrationEnd> {
  const id = lane.requirement.id;
  const summary = `integrated into ${into} at ${shortCommit(commit)}`;
  await setIntegration(lane, { state: "integrated", commit, into, summary, at: new Date().toISOString() });
  lane.deps.bus.publish({ type: "integration_finished", requirement: id, outcome: "integrated", commit, into, files: [], tests: [], summary }, id);
  return "integrated";
}

/**
 * One turn in the merge queue: the integration head (the person's branch as it is now) is merged into
 * the requirement's branch; on a clean merge the integration gate runs the whole suite there, with every
 * locked test of every requirement the merged tree holds; when it passes, the branch's work lands on the
 * person's branch as one commit carrying the evidence, and their checkout moves forward (git refuses
 * rather than overwrite anything of theirs).
 */
export async function integrateLane(lane: Lane, setState: (state: IntegrationState) => void, headMoves = 0): Promise<IntegrationEnd> {
  const { deps, requirement, worktree } = lane;
  const id = requirement.id;
  // Integrations queued behind one that a Ctrl-C stopped do not start.
  if (deps.signal.aborted) return "interrupted";
  const branch = deps.lanes!.checkout.branch;
  const checkout = await currentCheckout(lane.repo).catch(() => undefined);
  if (!checkout || checkout.branch !== branch) {
    return block(lane, `the project is no longer on ${branch} (integrated requirements land there): switch back to it (git switch ${branch}) and run again`);
  }
  const candidate = lane.ports.row().integration?.candidate;
  if (candidate && (await isAncestor(lane.repo, candidate, checkout.head))) return recordIntegrated(lane, candidate, branch);
  await enter(lane, setState, "merging");
  // What is integrated is the branch's last commit: the gate must not test files that would not go with it.
  if (await hasUncommittedWork(lane.repo, worktree)) await commitAll(lane.repo, worktree, `${id}: work left in the worktree before its integration`);
  const merged = await mergeIntegrationHead(lane.repo, worktree, checkout.head);
  if (merged.kind !== "up_to_date") await moveBaseline(deps.store.stateDir, id, { ...lane.repo, projectDir: worktree.path }, `${checkout.head}^{tree}`);
  await refreshHeld(lane);
  if (merged.kind === "conflict") {
    const summary = `merging ${branch} (${shortCommit(checkout.head)}) into ${worktree.branch} conflicts in ${merged.files.join(", ")}`;
    const findings = [
      `The integration head was merged into your branch and conflicts in ${merged.files.join(", ")}: the conflict markers (<<<<<<<, =======, >>>>>>>) are in those files. Resolve each conflict so both your requirement and the ones already integrated keep working, and remove the markers.`,
    ];
    return sendBack(lane, "conflict", summary, findings, { files: merged.files, tests: [] });
  }
  // Markers a resolution left in a file no test loads (or a crash committed mid-merge) must not land.
  const marked = await filesWithConflictMarkers(worktree.path, await changedSince(lane.repo, worktree, checkout.head));
  if (marked.length > 0) {
    const summary = `conflict markers remain in ${marked.join(", ")} on ${worktree.branch}`;
    return sendBack(lane, "conflict", summary, [`Conflict markers (<<<<<<< and >>>>>>> lines) remain in ${marked.join(", ")}: resolve those conflicts and remove every marker.`], { files: marked, tests: [] });
  }
  await enter(lane, setState, "gate");
  const execution = await lane.ports.runGate("integration");
  if (execution.aborted) {
    lane.ports.gateJudged?.("integration", execution, { passed: false, summary: `interrupted: ${execution.run.summary}` });
    return "interrupted";
  }
  if (execution.environment !== undefined) {
    // No backend can fix a program the machine lacks: the requirement waits for the person.
    lane.ports.gateJudged?.("integration", execution, { passed: false, summary: execution.environment });
    return block(lane, `the integration gate could not run on ${worktree.branch}: ${execution.environment}; fix the environment, then run again`);
  }
  // Tests failing before any of this work fail on the merged tree too: known, not blocking.
  const baseline = baselineView(await lane.ports.suiteBaseline?.());
  const verdict = judgeIntegrationGate(id, lane.ports.matrix!.rows(), execution, (await lane.ports.snapshot()).files, baseline ? { baseline: { knownFailures: baseline.knownFailures, passed: new Set() } } : {});
  lane.ports.gateJudged?.("integration", execution, verdict);
  const gateRun = { ...execution.run, summary: verdict.summary, evidence: verdict.evidence, passed: verdict.passed };
  await lane.ports.updateRow((row) => {
    row.integrationGate = gateRun;
    // What passed on the merged tree is what the next integration must not lose.
    if (verdict.passed && verdict.evidence !== "exit-code") row.ledger = { passed: verdict.passedNames, at: gateRun.at };
  });
  if (!verdict.passed) {
    const summary = `the integration gate failed on ${worktree.branch} merged with ${branch} (${shortCommit(checkout.head)}): ${verdict.summary}`;
    const findings = [`${summary}. Make these tests pass on the merged code without changing any test: ${verdict.tests.join(", ") || "see the gate output"}.`];
    return sendBack(lane, "failed", summary, findings, { files: verdict.changedTests, tests: verdict.tests });
  }
  const message = integrationMessage(requirement, lane.ports.row(), gateRun, worktree.branch, await stageLog(lane.repo, worktree, checkout.head));
  const commit = await squashOnto(lane.repo, worktree, checkout.head, message);
  await setIntegration(lane, { candidate: commit });
  const moved = await advanceCheckout(lane.repo, commit);
  const now = moved.moved ? undefined : await currentCheckout(lane.repo).catch(() => undefined);
  if (!moved.moved && now?.branch === branch && now.head !== checkout.head && headMoves < HEAD_MOVES) {
    // The person committed on their branch meanwhile: integrate onto their new head instead.
    deps.bus.publish({ type: "log", level: "info", message: `${branch} moved to ${shortCommit(now.head)} during ${id}'s integration: merging that too` }, id);
    return integrateLane(lane, setState, headMoves + 1);
  }
  if (!moved.moved) {
    return block(lane, `the integration gate passed, but ${branch} could not move to ${shortCommit(commit)}: ${moved.reason}. Nothing of yours was overwritten; commit or stash your changes, then run again`);
  }
  return recordIntegrated(lane, commit, branch);
}

import { anchorId, escapeHtml as e } from "./escape-html.js";
import { cost, duration, gateWords } from "./format.js";
import { renderDiff } from "./render-diff.js";
import type { RequirementView } from "./requirement-facts.js";
import { lockedTestResults, type GateOutcome } from "./test-results-by-gate.js";

function section(title: string, body: string): string {
  return `<section class="part"><h4>${e(title)}</h4>${body}</section>`;
}

function list(items: readonly string[], empty: string): string {
  return items.length === 0 ? `<p class="muted">${e(empty)}</p>` : `<ul>${items.map((item) => `<li>${item}</li>`).join("")}</ul>`;
}

function outcome(result: GateOutcome): string {
  const tone = result === "passed" || result === "failed as required" ? "ok" : result === "not run" ? "muted" : "bad";
  return `<td class="${tone}">${e(result)}</td>`;
}

function specPart(view: RequirementView): string {
  const requirement = view.requirement;
  const criteria = requirement?.criteria ?? [];
  const coverage = view.row.criteriaCoverage ?? {};
  const criteriaList = criteria.map((criterion) => {
    const tests = coverage[criterion.id] ?? [];
    return `<strong>${e(criterion.id)}</strong> ${e(criterion.text)}${tests.length ? `<br><span class="muted">covered by: ${tests.map(e).join(", ")}</span>` : ""}`;
  });
  const changed = view.row.changedSinceApproval;
  return section(
    "Requirement",
    `<p class="pre">${e(requirement?.description ?? "(not in the task list)")}</p>` +
      (requirement ? `<p class="muted">from ${e(requirement.source.file)}:${e(String(requirement.source.line))}</p>` : "") +
      `<h5>Acceptance criteria</h5>${list(criteriaList, "None given.")}` +
      (changed ? `<div class="callout"><strong>Changed since approval</strong> (${e(changed.at)}). As approved: <em>${e(changed.title)}</em><p class="pre">${e(changed.description)}</p></div>` : ""),
  );
}

function testsPart(view: RequirementView): string {
  const failedAtIntegration = new Set(view.integrations.filter((integration) => integration.outcome === "failed").at(-1)?.tests ?? []);
  const rows = lockedTestResults(view.row, failedAtIntegration).map((result) => `<tr><td>${e(result.name)}</td>${outcome(result.red)}${outcome(result.green)}${outcome(result.integration)}${outcome(result.verify)}</tr>`);
  const files = view.row.tests.files.map((file) => `${e(file)}${view.row.tests.digests?.[file] ? ` <span class="muted">sha256 ${e(view.row.tests.digests[file]!.slice(0, 12))}</span>` : ""}`);
  const known = (view.row.knownFailures ?? []).map((failure) => `${e(failure.test)} <span class="muted">failing since ${e(failure.since)}${failure.fixedAt ? `, fixed ${e(failure.fixedAt)}` : ""}</span>`);
  const flaky = (view.row.flakyTests ?? []).map((test) => `${e(test.test)} <span class="muted">${e(String(test.times))} re-run(s)${test.locked ? ", locked test" : ""}</span>`);
  const table = rows.length ? `<table class="tests"><thead><tr><th>Locked test</th><th>Red</th><th>Green</th><th>Integration</th><th>Verify</th></tr></thead><tbody>${rows.join("")}</tbody></table>` : `<p class="muted">No test named.</p>`;
  return section("Locked tests", `${list(files, "No test files.")}${table}<h5>Known failures</h5>${list(known, "None.")}<h5>Flaky tests</h5>${list(flaky, "None.")}`);
}

function gatesPart(view: RequirementView): string {
  const runs = view.gates.map(
    (gate) =>
      `<div class="gate-run"><div><strong>${e(gate.gate)}</strong> <span class="${gate.passed ? "ok" : "bad"}">${gate.passed ? "accepted" : "not accepted"}</span> · <code>${e(gate.command)}</code> · exit ${e(String(gate.exitCode ?? "killed"))} · evidence: ${e(gate.evidence ?? "unknown")} · ${e(duration(gate.durationMs))} · ${e(gate.at)}</div><div>${e(gate.summary)}</div>` +
      (gate.outputTail ? `<details class="tail"><summary>output tail</summary><pre>${e(gate.outputTail)}</pre></details>` : "") +
      `</div>`,
  );
  const recorded = [`red: ${gateWords(view.row.gates.red)} ${view.row.gates.red?.summary ?? ""}`, `green: ${gateWords(view.row.gates.green)} ${view.row.gates.green?.summary ?? ""}`];
  if (view.row.integrationGate) recorded.push(`integration: ${gateWords(view.row.integrationGate)} ${view.row.integrationGate.summary}`);
  const verification = view.row.verification;
  const verified = verification
    ? `<div class="gate-run"><strong>verify</strong> <span class="${verification.holds ? "ok" : "bad"}">${verification.holds ? "holds" : "does not hold"}</span> · ${e(verification.at)}${verification.command ? ` · <code>${e(verification.command)}</code>` : ""}${verification.exitCode !== undefined ? ` · exit ${e(String(verification.exitCode ?? "killed"))}` : ""}${verification.evidence ? ` · evidence: ${e(verification.evidence)}` : ""}${list(verification.reasons.map(e), "Every locked test file unchanged, every locked test passed by name.")}</div>`
    : "";
  return section("Gate runs", `<p class="muted">As recorded on the row: ${recorded.map(e).join(" · ")}</p>${runs.join("") || `<p class="muted">No gate run in the run logs.</p>`}${verified}`);
}

function reviewsPart(view: RequirementView): string {
  const rounds = view.row.reviews.map(
    (review, index) => `<div class="review"><strong>Round ${index + 1}: ${review.verdict === "approve" ? "approved" : "changes requested"}</strong> by ${e(review.by)} <span class="muted">${e(review.at)}</span><p class="pre">${e(review.summary)}</p>${list(review.findings.map(e), "No findings.")}</div>`,
  );
  return section("Reviews", rounds.join("") || `<p class="muted">Not reviewed.</p>`);
}

function tampersPart(view: RequirementView): string {
  const fromLog = view.tampers.map((tamper) => `<strong>${e(tamper.agent)}</strong>, refused at the ${e(tamper.caught)} (${e(tamper.kind)}) <span class="muted">${e(tamper.at)}</span>: ${e(tamper.reason)}${tamper.files.length ? `<br><span class="muted">files: ${tamper.files.map(e).join(", ")}</span>` : ""}${tamper.tests.length ? `<br><span class="muted">tests: ${tamper.tests.map(e).join(", ")}</span>` : ""}`);
  // Notes on the row outlive a run log that was removed.
  const notes = fromLog.length === 0 ? (view.row.tamperNotes ?? []).map(e) : [];
  return section(`Refused cheats (${view.row.tamperAttempts ?? 0})`, list([...fromLog, ...notes], "None."));
}

function sessionsPart(view: RequirementView): string {
  const rows = view.sessions.map(
    (session) =>
      `<tr><td>${e(session.agent)}</td><td>${e(session.model)}</td><td>${e(session.startedAt)}</td><td>${e(session.reason ?? "unfinished")}</td><td>${session.turns}</td><td>${session.tokens.input} in / ${session.tokens.output} out / ${session.tokens.cacheRead} cache read</td><td>${e(cost(session.costUsd))}</td><td>${e(duration(session.durationMs))}</td></tr>`,
  );
  const table = `<table class="sessions"><thead><tr><th>Agent</th><th>Model</th><th>Started</th><th>Ended</th><th>Turns</th><th>Tokens</th><th>Cost</th><th>Time</th></tr></thead><tbody>${rows.join("")}</tbody></table>`;
  return section(`Sessions (${view.sessions.length}, ${cost(view.costUsd)})`, rows.length ? table : `<p class="muted">No session in the run logs.</p>`);
}

function integrationPart(view: RequirementView): string {
  const integration = view.row.integration;
  const attempts = view.integrations.map((attempt) => `${e(attempt.outcome)} <span class="muted">${e(attempt.at)}</span>${attempt.commit ? ` commit <code>${e(attempt.commit)}</code>` : ""}: ${e(attempt.summary)}`);
  if (!integration && attempts.length === 0) return section("Integration", `<p class="muted">Worked on in the project itself (no integration step).</p>`);
  const head = integration ? `<p>branch <code>${e(integration.branch)}</code> · ${e(integration.state)} · ${integration.attempts} attempt(s)${integration.commit ? ` · commit <code class="commit">${e(integration.commit)}</code>` : ""}${integration.into ? ` into <code>${e(integration.into)}</code>` : ""}</p>` : "";
  return section("Integration", head + list(attempts, "No attempt in the run logs."));
}

/** A requirement's whole record, collapsed until opened (and opened for printing). */
export function renderRequirement(view: RequirementView): string {
  const { row } = view;
  const parts = [specPart(view), testsPart(view), gatesPart(view), section("Change", renderDiff(view.diff)), reviewsPart(view), tampersPart(view), sessionsPart(view), integrationPart(view)];
  return `<details class="requirement" id="${anchorId(row.id)}" data-id="${e(row.id)}"><summary><strong>${e(row.id)}</strong> ${e(row.title)} <span class="status status-${e(row.status)}">${e(row.status)}</span></summary>${parts.join("")}</details>`;
}

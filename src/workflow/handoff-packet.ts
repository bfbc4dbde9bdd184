import type { Requirement } from "../domain/requirement.js";
import { criterionTag } from "../gates/criteria-coverage.js";

/**
 * What one stage hands the next: the requirement, the files, the gate output tail and review findings;
 * never the previous agent's transcript, so each session starts with exactly what it needs.
 */
export interface HandoffPacket {
  requirement: Requirement;
  testCommand: string;
  testFiles: string[];
  /** Why the previous attempt was sent back (a red-gate rejection, a failing green gate). */
  sentBack?: string;
  gateOutputTail?: string;
  findings?: string[];
  diff?: string;
  /** The green gate's evidence when it was the exit code alone: the reviewer must not take it for named results. */
  exitCodeOnly?: boolean;
  /** Refused attempts to change locked tests or harness, or to pass a gate without the tests, one line each. */
  tamper?: string[];
  /** A person's answer to an escalation, when the task resumed from one. */
  answer?: string;
  /** What the requirement said when it was approved, and its tests then: a re-plan changed it. */
  changedSinceApproval?: { title: string; description: string; criteria?: readonly string[]; tests: string[] };
  /** Tests failing in the baseline (before this work), by identity: not counted as passed, not blocking. */
  knownFailures?: string[];
  /** Tests that passed only on re-run in this requirement's gates. */
  flaky?: Array<{ test: string; locked: boolean; times: number }>;
}

function knownFailuresSection(packet: HandoffPacket): string[] {
  return section(
    "Failing before this work",
    packet.knownFailures?.length
      ? `${packet.knownFailures.map((test) => `- ${test}`).join("\n")}\nThese tests failed before this requirement's work started (the machine's baseline). They do not block the gates and are not counted as passed; a test that passed before and fails now does block.`
      : undefined,
  );
}

function section(title: string, body: string | undefined): string[] {
  return body && body.trim() ? [`## ${title}`, body.trim(), ""] : [];
}

function header(packet: HandoffPacket): string[] {
  const { requirement } = packet;
  return [
    `# ${requirement.id}: ${requirement.title}`,
    "",
    requirement.description.trim(),
    "",
    ...section("Acceptance criteria", requirement.criteria?.map((criterion) => `- ${criterion.id}: ${criterion.text}`).join("\n")),
    ...section("Context from the spec (not requirements to implement)", requirement.context?.map((line) => `- ${line}`).join("\n")),
    `Test command: \`${packet.testCommand}\``,
    "",
  ];
}

function criteriaInstruction(packet: HandoffPacket): string[] {
  const criteria = packet.requirement.criteria ?? [];
  if (criteria.length === 0) return [];
  const example = criteria[0]!;
  return [
    `Write at least one test per acceptance criterion, and name the criteria each test covers in the test's name with a tag like ${criterionTag(example.id)} (several: [AC ${criteria.slice(0, 2).map((criterion) => criterion.id).join(", ")}]), e.g. "${criterionTag(example.id)} ${example.text.slice(0, 50)}". The red gate refuses the tests unless every criterion is named by a test that fails.`,
    "",
  ];
}

function changedSection(packet: HandoffPacket): string[] {
  const changed = packet.changedSinceApproval;
  if (!changed) return [];
  const before = [`${changed.title}`, "", changed.description.trim(), ...(changed.criteria?.length ? ["", ...changed.criteria.map((line) => `- ${line}`)] : [])].join("\n");
  return [
    ...section("Changed since approval: what it said when approved", before),
    ...section(
      "Existing tests (locked until you change them)",
      [...packet.testFiles, ...changed.tests.map((name) => `- ${name}`)].join("\n") + "\nThe requirement above is what it says now. Change or add tests so that they check the new text; at least one must fail now.",
    ),
  ];
}

export function qaPrompt(packet: HandoffPacket): string {
  return [
    ...header(packet),
    "Write tests for this requirement and nothing else. They must fail now, because the code does not exist yet, and pass once it is implemented. Follow the project's existing test layout. Do not implement the code.",
    "",
    ...criteriaInstruction(packet),
    ...changedSection(packet),
    ...section("Sent back", packet.sentBack),
    ...section("Test output", packet.gateOutputTail),
    ...section("A person's answer", packet.answer),
  ].join("\n");
}

export function backendPrompt(packet: HandoffPacket): string {
  return [
    ...header(packet),
    "Make the failing tests pass by changing the code. The test files are locked: do not edit them. Run the test command to check your work.",
    "",
    ...section("Test files", packet.testFiles.join("\n")),
    ...section("Sent back", packet.sentBack),
    ...section("Test output (tail)", packet.gateOutputTail),
    ...section("Review findings", packet.findings?.map((finding) => `- ${finding}`).join("\n")),
    ...knownFailuresSection(packet),
    ...section("A person's answer", packet.answer),
  ].join("\n");
}

export function reviewerPrompt(packet: HandoffPacket): string {
  return [
    ...header(packet),
    "Review the change below against the requirement. The green gate passed. Call ReviewVerdict once: approve, or request_changes with concrete findings.",
    "",
    ...section("Test files", packet.testFiles.join("\n")),
    ...section(
      "Refused tamper attempts",
      packet.tamper?.length
        ? `${packet.tamper.map((line) => `- ${line}`).join("\n")}\nThe gates refused these and the backend was sent back; check that the change below does the work honestly and does not try again another way.`
        : undefined,
    ),
    ...knownFailuresSection(packet),
    ...section(
      "Flaky tests (passed only on re-run)",
      packet.flaky?.length
        ? `${packet.flaky.map((entry) => `- ${entry.test} (re-run needed in ${entry.times} gate run(s)${entry.locked ? "; a locked test of this requirement: it passed only on re-run, so it passes to your attention: check that the change does not make it flaky" : ""})`).join("\n")}`
        : undefined,
    ),
    ...section(packet.exitCodeOnly ? "Gate evidence (exit code only: the runner reported no per-test results)" : "Gate evidence", packet.gateOutputTail),
    ...section("Diff since the requirement started", packet.diff),
    ...section("A person's answer", packet.answer),
  ].join("\n");
}

/** What a person's handoff (`h` in the workspace) gives the target agent besides their prompt. */
export interface PersonHandoff {
  from: string;
  prompt: string;
  /** The source agent's last assistant text. */
  lastText?: string;
  requirement?: Requirement;
  filesChanged: string[];
}

export function personHandoffPrompt(handoff: PersonHandoff): string {
  const { requirement } = handoff;
  return [
    handoff.prompt.trim(),
    "",
    `## Handoff from ${handoff.from}`,
    "",
    ...section("Current requirement", requirement ? `${requirement.id}: ${requirement.title}\n\n${requirement.description.trim()}` : undefined),
    ...section(`${handoff.from}'s last message`, handoff.lastText),
    ...section("Files changed", handoff.filesChanged.join("\n")),
  ].join("\n").trimEnd();
}

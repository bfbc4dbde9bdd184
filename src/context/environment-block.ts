import { arch, platform, release, type as osType } from "node:os";
import type { Role } from "../domain/roles.js";
import type { GitFacts } from "./git-facts.js";

/** What the run knows that binds this agent now; absent outside a run (`greenlight agent`). */
export interface PipelineFacts {
  /** The agent of each stage. */
  roles: Record<Role, string>;
  requirement?: { id: string; title: string };
  /** Test files locked after their red gate (the matrix rows' tests.files). */
  lockedFiles: readonly string[];
  /** Files of the test harness no agent may change (test scripts, runner config). */
  harnessFiles: readonly string[];
  /** greenlight's state folder as the agent should read it (relative to the project when inside it). */
  stateDir: string;
}

export interface EnvironmentInput {
  projectDir: string;
  git: GitFacts;
  now: Date;
  testCommand?: string;
  agent: string;
  role?: Role;
  pipeline?: PipelineFacts;
}

const ROLE_NAMES: Record<Role, string> = { qa: "QA", backend: "the backend", reviewer: "the reviewer" };
const MAX_LISTED = 40;

function localDate(now: Date): string {
  const pad = (value: number) => String(value).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

function listed(files: readonly string[]): string {
  if (files.length === 0) return "none yet";
  const shown = files.slice(0, MAX_LISTED).join(", ");
  return files.length > MAX_LISTED ? `${shown} and ${files.length - MAX_LISTED} more` : shown;
}

function gitLine(git: GitFacts): string {
  if (!git.repository) return "not a git repository";
  if (git.branch) return `a git repository, on branch ${git.branch}`;
  return git.detachedAt ? `a git repository, HEAD detached at ${git.detachedAt}` : "a git repository";
}

function roleRules(role: Role | undefined, facts: PipelineFacts, test: string): string[] {
  const qa = facts.roles.qa;
  switch (role) {
    case "qa":
      return [
        "Your stage: write tests for this requirement only, and no implementation. They must fail now and pass once the code exists.",
        `The red gate then runs ${test}: it passes only when you changed test files and the run fails, with new tests among the failures. Otherwise the requirement comes back to you with the reason.`,
        "After the red gate your test files are locked: you may still change them, nobody else may.",
      ];
    case "backend":
      return [
        "Your stage: make the failing tests pass by changing the code. Run the test command to check your work.",
        `The green gate then runs ${test}: the whole suite must pass, and the locked test files must be exactly as the red gate (or QA's last session) left them, whether changed by Write, Edit or Bash.`,
        `If a test is wrong, say so in your final message and ask for a handoff to QA (${qa}); do not change it.`,
        "A reviewer then reads the diff since the requirement started, with the gate evidence.",
      ];
    case "reviewer":
      return [
        "Your stage: review the change (the diff since the requirement started) against the requirement; the green gate has passed.",
        "Call ReviewVerdict exactly once: approve, or request_changes with concrete findings. Ending without a verdict counts as request_changes.",
      ];
    default:
      return [`You are not one of the run's stages (QA ${qa}, backend ${facts.roles.backend}, reviewer ${facts.roles.reviewer}); the locks below bind you too.`];
  }
}

/**
 * The facts an agent's own tools would state (folder, git, platform, date) and greenlight's rules that
 * apply to this agent now, generated from the run's state: short, and identical across a session's turns.
 */
export function environmentBlock(input: EnvironmentInput): string {
  const test = input.testCommand ? `\`${input.testCommand}\`` : "the test command";
  const lines = [
    "<environment>",
    `Project folder: ${input.projectDir} (${gitLine(input.git)})`,
    `Platform: ${platform()} ${arch()} (${osType()} ${release()}); the Bash tool runs /bin/sh -c in the project folder`,
    `Today's date: ${localDate(input.now)}`,
    `Test command: ${input.testCommand ? `\`${input.testCommand}\`` : "none found (no package.json test script, pytest setup, go.mod or Cargo.toml)"}`,
    "</environment>",
    "",
    "<greenlight-rules>",
  ];
  const facts = input.pipeline;
  if (!facts) {
    lines.push(
      `You are ${input.agent}, run alone (greenlight agent): no pipeline is running and no test file is locked.`,
      "Tools stay inside the project folder and never write into .git/ or .greenlight/.",
    );
  } else {
    const who = input.role ? `${ROLE_NAMES[input.role]} (${input.agent})` : input.agent;
    const on = facts.requirement ? `, working on ${facts.requirement.id}: ${facts.requirement.title}` : "";
    lines.push(
      `You are ${who} in a greenlight run${on}. The pipeline: QA writes failing tests -> red gate -> backend implements -> green gate -> reviewer approves. Gates are real runs of ${test}; what an agent says is not evidence.`,
      ...roleRules(input.role, facts, test).map((rule) => `- ${rule}`),
      `- Locked test files (only QA, ${facts.roles.qa}, may change them; Write and Edit by anyone else are refused): ${listed(facts.lockedFiles)}`,
      ...(facts.harnessFiles.length ? [`- Protected test harness (no agent may change it): ${listed(facts.harnessFiles)}`] : []),
      `- Tools stay inside the project folder and never write into .git/ or greenlight's state folder (${facts.stateDir}).`,
    );
  }
  lines.push("</greenlight-rules>");
  return lines.join("\n");
}

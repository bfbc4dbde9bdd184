import { DEFAULT_MODEL } from "../agents/index.js";
import type { ProjectSurvey } from "./project-survey.js";

const quoted = (text: string) => JSON.stringify(text);

function testCommandLines(survey: ProjectSurvey): { comments: string[]; keys: string[] } {
  if (survey.detectedTestCommand) {
    return {
      comments: [`  // Test command: greenlight detects ${quoted(survey.detectedTestCommand)} by itself. To run another one instead:`, `  // "testCommand": ${quoted(survey.detectedTestCommand)},`],
      keys: [],
    };
  }
  if (survey.suggestedTestCommand) {
    return {
      comments: [`  // Test command: found a Makefile "test" target, which greenlight does not look for by itself.`],
      keys: [`  "testCommand": ${quoted(survey.suggestedTestCommand)},`],
    };
  }
  return {
    comments: [
      "  // Test command: none found (no package.json \"test\" script, pytest setup, go.mod or Cargo.toml).",
      "  // `greenlight run` needs one: uncomment this line and write how the project's tests run.",
      '  // "testCommand": "npm test",',
    ],
    keys: [],
  };
}

function agentLines(survey: ProjectSurvey): string[] {
  const lines = ["  // Agents: the qa, backend and reviewer roles are greenlight's own agents unless the project has agents of those names."];
  if (survey.agents.length === 0) return [...lines, "  // No agent files found in .claude/agents, .github/agents, .github/chatmodes, .opencode/agent(s) or .greenlight/agents."];
  lines.push("  // Agent files found in the project:");
  for (const agent of survey.agents) {
    const state = agent.errors.length > 0 ? `not loaded: ${agent.errors[0]}` : `${agent.name}${agent.warnings > 0 ? ` (${agent.warnings} warnings: greenlight agents lint)` : ""}`;
    lines.push(`  //   ${agent.file} (${agent.dialect}): ${state}`);
  }
  const named = survey.agents.find((agent) => agent.name !== undefined && agent.errors.length === 0);
  if (named) lines.push("  // To give a role to one of them:", `  // "roles": { "backend": ${quoted(named.name!)} },`);
  return lines;
}

function contextLines(survey: ProjectSurvey): string[] {
  const lines: string[] = [];
  if (survey.mcpServers.length > 0) {
    lines.push(`  // MCP servers found: ${survey.mcpServers.map((server) => `${server.name} (${server.file})`).join(", ")}; agents that name them get their tools.`);
  } else if (survey.mcpProblem) {
    lines.push(`  // MCP config files could not be read: ${survey.mcpProblem.replace(/\s+/g, " ")}`);
  }
  if (survey.instructionFiles.length > 0) {
    lines.push(`  // Instruction files every agent is given: ${survey.instructionFiles.join(", ")}. To leave one out:`);
    lines.push(`  // "instructions": { "exclude": [${quoted(survey.instructionFiles[0]!)}] },`);
  }
  return lines;
}

/**
 * The starting greenlight.json: only what differs from the defaults is set; the rest is comments that say
 * what greenlight found and what could be set. greenlight reads the file with comments and trailing commas.
 */
export function startingConfig(survey: ProjectSurvey): string {
  const test = testCommandLines(survey);
  const body = [
    ...test.comments,
    ...test.keys,
    "",
    ...agentLines(survey),
    ...(contextLines(survey).length > 0 ? ["", ...contextLines(survey)] : []),
    "",
    '  // Commands run in the OS sandbox (bubblewrap) when it can be had; "required" refuses to run without it:',
    '  // "sandbox": "required",',
    `  // The model every agent uses unless its own file names one (default ${DEFAULT_MODEL}):`,
    `  // "model": ${quoted(DEFAULT_MODEL)},`,
    '  // "budgets": { "maxCostUsd": 5 },',
  ];
  return [
    "// greenlight.json, written by `greenlight init`. Comments and trailing commas are allowed here.",
    "// Only what differs from greenlight's defaults is set; `greenlight doctor` checks the machine and this file.",
    "{",
    ...body,
    "}",
    "",
  ].join("\n");
}

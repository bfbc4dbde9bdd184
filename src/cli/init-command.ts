import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { createInterface } from "node:readline/promises";
import { ignoreStateFolder } from "../init/ignore-state-folder.js";
import { surveyProject, type ProjectSurvey } from "../init/project-survey.js";
import { specSkeleton } from "../init/spec-skeleton.js";
import { startingConfig } from "../init/starting-config.js";
import { parseFlags } from "./parse-flags.js";
import { projectDirFrom } from "./project-dir.js";

const USAGE = `Usage: greenlight init [--project DIR] [--yes]

Sets a project up for greenlight: detects the test command, the agent files of every dialect, MCP
configs and instruction files; writes a commented starting greenlight.json (only what differs from the
defaults), a SPEC.md skeleton when the project has no spec, and adds the state folder to .gitignore
(asking first). It never overwrites a file.

  --yes   add the state folder to .gitignore without asking (for scripts; without a terminal and
          without --yes, .gitignore is left as it is)`;

/** Writes a file that does not exist yet; false (and nothing written) when it does. */
async function writeNew(file: string, text: string): Promise<boolean> {
  try {
    await writeFile(file, text, { flag: "wx" });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  }
}

async function askYes(question: string): Promise<boolean> {
  const prompt = createInterface({ input: process.stdin, output: process.stdout });
  try {
    const answer = (await prompt.question(`${question} [Y/n] `)).trim().toLowerCase();
    return answer === "" || answer === "y" || answer === "yes";
  } finally {
    prompt.close();
  }
}

async function gitignoreLine(survey: ProjectSurvey, yes: boolean): Promise<string> {
  const entry = `/${survey.stateFolder}/`;
  if (!survey.repository) return `.gitignore: not a git repository, left alone (after \`git init\`, run greenlight init again to ignore ${entry})`;
  if (survey.stateFolderIgnored) return `.gitignore: ${survey.stateFolder} is already ignored`;
  const terminal = process.stdin.isTTY === true && process.stdout.isTTY === true;
  if (!yes && !terminal) return `.gitignore: not changed (no terminal to ask; rerun with --yes to add ${entry}, or add it yourself)`;
  if (!yes && !(await askYes(`Add ${entry} (greenlight's task list and run logs) to .gitignore?`))) return `.gitignore: not changed (add ${entry} yourself to keep greenlight's state out of commits)`;
  await ignoreStateFolder(survey.projectDir, survey.stateFolder);
  return `.gitignore: added ${entry}`;
}

async function specLine(survey: ProjectSurvey): Promise<string> {
  if (survey.specFiles.length > 0) {
    const list = survey.specFiles.map((spec) => `${spec.file} (${spec.requirements} requirement${spec.requirements === 1 ? "" : "s"})`).join(", ");
    return `spec: found ${list}; import with: greenlight plan ${survey.specFiles[0]!.file}`;
  }
  if (await writeNew(join(survey.projectDir, "SPEC.md"), specSkeleton(survey.projectDir))) return "SPEC.md: written, a skeleton with one requirement to replace; then: greenlight plan SPEC.md";
  return "SPEC.md: exists but holds no requirement ids (## REQ-001: Title); left as it is";
}

function foundLines(survey: ProjectSurvey): string[] {
  const test = survey.detectedTestCommand ?? survey.suggestedTestCommand;
  const loaded = survey.agents.filter((agent) => agent.errors.length === 0);
  return [
    `test command: ${test ?? "none found: set \"testCommand\" in greenlight.json"}`,
    `agents: ${survey.agents.length === 0 ? "none in the project (greenlight's own qa, backend and reviewer)" : `${loaded.length} of ${survey.agents.length} files load (${survey.agents.map((agent) => agent.file).join(", ")})`}`,
    `MCP servers: ${survey.mcpProblem ?? (survey.mcpServers.length === 0 ? "none" : survey.mcpServers.map((server) => `${server.name} (${server.file})`).join(", "))}`,
    `instruction files: ${survey.instructionFiles.length === 0 ? "none" : survey.instructionFiles.join(", ")}`,
  ];
}

export default async function initCommand(argv: string[]): Promise<number> {
  const { values } = parseFlags(argv, { project: { type: "string" }, yes: { type: "boolean", short: "y" }, help: { type: "boolean", short: "h" } }, USAGE);
  const projectDir = projectDirFrom(values.project);
  const survey = await surveyProject(projectDir);
  const lines = foundLines(survey);
  const wrote = await writeNew(join(projectDir, "greenlight.json"), startingConfig(survey));
  lines.push(wrote ? "greenlight.json: written (commented; only what differs from the defaults is set)" : "greenlight.json: exists, left as it is");
  lines.push(await specLine(survey));
  lines.push(await gitignoreLine(survey, values.yes === true));
  lines.push("next: greenlight doctor (checks this machine), then greenlight run");
  process.stdout.write(`${lines.join("\n")}\n`);
  return 0;
}

import { readFileSync } from "node:fs";
import { relative, sep } from "node:path";
import { loadAgents } from "../agents/index.js";
import { PACKAGE_ASSETS } from "../domain/package-assets.js";
import { isIgnoredPath, projectFiles } from "../files/project-files.js";
import { repositoryRoot } from "../files/repository-root.js";
import { detectTestCommand } from "../gates/detect-test-command.js";
import { loadInstructions } from "../context/load-instructions.js";
import { readServerConfigs } from "../mcp/index.js";
import { parseSpec } from "../plan/import-spec.js";
import { defaultStateDir } from "../store/state-store.js";

/** What `greenlight init` found in a project folder. */
export interface ProjectSurvey {
  projectDir: string;
  /** The git work tree the project is in, if any. */
  repository?: string;
  /** The test command greenlight detects on its own. */
  detectedTestCommand?: string;
  /** A test command greenlight would not find by itself (a Makefile `test` target): worth writing down. */
  suggestedTestCommand?: string;
  /** The project's own agent files (greenlight's builtin ones left out), paths relative to the project. */
  agents: { file: string; dialect: string; name?: string; errors: string[]; warnings: number }[];
  mcpServers: { name: string; file: string }[];
  /** Why the MCP config files could not be read. */
  mcpProblem?: string;
  instructionFiles: string[];
  /** Markdown files greenlight can import requirements from, with how many each holds. */
  specFiles: { file: string; requirements: number }[];
  /** The state folder, relative to the project ("/" separators), and whether git already ignores it. */
  stateFolder: string;
  stateFolderIgnored: boolean;
}

const toPosix = (path: string) => path.split(sep).join("/");
/** How deep and how many Markdown files are read looking for a spec: a spec sits near the top. */
const SPEC_DEPTH = 2;
const MAX_SPEC_CANDIDATES = 200;

function makefileTestTarget(projectDir: string): string | undefined {
  for (const name of ["Makefile", "makefile", "GNUmakefile"]) {
    try {
      if (/^test\s*:/m.test(readFileSync(`${projectDir}/${name}`, "utf8"))) return "make test";
    } catch {
      continue;
    }
  }
  return undefined;
}

async function specFiles(projectDir: string): Promise<ProjectSurvey["specFiles"]> {
  const found: ProjectSurvey["specFiles"] = [];
  let read = 0;
  for await (const file of projectFiles(projectDir, projectDir, { skipNames: new Set(["node_modules"]) })) {
    if (!file.toLowerCase().endsWith(".md") || file.split("/").length > SPEC_DEPTH + 1 || file.includes(".github/") || file.startsWith(".")) continue;
    if (++read > MAX_SPEC_CANDIDATES) break;
    try {
      const { requirements } = parseSpec(readFileSync(`${projectDir}/${file}`, "utf8"), file);
      found.push({ file, requirements: requirements.length });
    } catch {
      // Not a spec: no requirement ids, or ids greenlight would refuse (plan says why when asked).
    }
  }
  return found;
}

async function agentFiles(projectDir: string): Promise<ProjectSurvey["agents"]> {
  const catalog = await loadAgents({ projectDir, builtinDir: PACKAGE_ASSETS.builtinAgents });
  return catalog.files
    .filter((report) => !report.file.startsWith(PACKAGE_ASSETS.builtinAgents))
    .map((report) => ({
      file: toPosix(relative(projectDir, report.file)),
      dialect: report.dialect,
      ...(report.agent ? { name: report.agent.name } : {}),
      errors: report.errors.map((error) => `line ${error.line}: ${error.message}`),
      warnings: report.warnings.length,
    }));
}

async function mcpServers(projectDir: string): Promise<Pick<ProjectSurvey, "mcpServers" | "mcpProblem">> {
  try {
    return { mcpServers: (await readServerConfigs(projectDir)).map((server) => ({ name: server.name, file: toPosix(relative(projectDir, server.file)) })) };
  } catch (error) {
    return { mcpServers: [], mcpProblem: (error as Error).message };
  }
}

/** Everything `init` (and `doctor`) reports about a project, read only. */
export async function surveyProject(projectDir: string): Promise<ProjectSurvey> {
  const repository = await repositoryRoot(projectDir);
  const detectedTestCommand = detectTestCommand(projectDir);
  const suggestedTestCommand = detectedTestCommand === undefined ? makefileTestTarget(projectDir) : undefined;
  const stateFolder = toPosix(relative(projectDir, defaultStateDir(projectDir)));
  const instructions = await loadInstructions({ projectDir });
  return {
    projectDir,
    ...(repository ? { repository: repository.top } : {}),
    ...(detectedTestCommand ? { detectedTestCommand } : {}),
    ...(suggestedTestCommand ? { suggestedTestCommand } : {}),
    agents: await agentFiles(projectDir),
    ...(await mcpServers(projectDir)),
    instructionFiles: instructions.files.map((file) => file.path),
    specFiles: await specFiles(projectDir),
    stateFolder,
    stateFolderIgnored: await isIgnoredPath(projectDir, stateFolder, true),
  };
}

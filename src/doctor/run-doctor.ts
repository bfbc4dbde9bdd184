import { chooseModel, DEFAULT_MODEL, loadAgents } from "../agents/index.js";
import { PACKAGE_ASSETS } from "../domain/package-assets.js";
import { detectTestCommand } from "../gates/detect-test-command.js";
import { readServerConfigs, type McpServerConfig } from "../mcp/index.js";
import { unknownCapabilities, type ModelCapabilities } from "../provider/model-capabilities.js";
import type { SandboxMode } from "../sandbox/sandbox-config.js";
import { checkAgents } from "./agents.js";
import { checkApiKey } from "./api-key.js";
import { fail, type CheckResult } from "./check.js";
import { checkCurl } from "./curl.js";
import { checkGitRepository } from "./git-repository.js";
import { checkMcpServers } from "./mcp-servers.js";
import { checkModel } from "./models.js";
import { checkNodeVersion } from "./node-version.js";
import { checkSandbox } from "./sandbox.js";
import { checkTestCommand } from "./test-command.js";

/** What greenlight.json says that the checks need (read by the caller; a file that does not parse is `problem`). */
export interface DoctorConfig {
  testCommand?: string;
  sandbox?: SandboxMode;
  allowedHosts?: readonly string[];
  model?: string;
  roles?: { qa?: string; backend?: string; reviewer?: string };
}

export interface DoctorInput {
  projectDir: string;
  env: NodeJS.ProcessEnv;
  config: DoctorConfig;
  /** Why greenlight.json cannot be used, when it cannot. */
  configProblem?: string;
  /** Asks the Models API about a model (undefined when there is no key to ask with). */
  lookUpModel?: (model: string) => Promise<ModelCapabilities>;
}

const MODEL_LOOKUP_TIMEOUT_MS = 20_000;

function withTimeout(model: string, lookup: Promise<ModelCapabilities>): Promise<ModelCapabilities> {
  const timedOut = new Promise<ModelCapabilities>((resolve) => {
    const timer = setTimeout(() => resolve(unknownCapabilities(model, `no answer in ${MODEL_LOOKUP_TIMEOUT_MS / 1000} s`)), MODEL_LOOKUP_TIMEOUT_MS);
    timer.unref();
  });
  return Promise.race([lookup, timedOut]);
}

/** Every check, in order, the Models API last (it is the slow one and needs the key checked first). */
export async function runDoctor(input: DoctorInput): Promise<CheckResult[]> {
  const { projectDir, env, config } = input;
  const results: CheckResult[] = [checkNodeVersion()];
  if (input.configProblem) results.push(fail("greenlight.json", input.configProblem, "fix the key named (greenlight init writes a starting file where there is none)"));
  results.push(await checkGitRepository(projectDir));
  results.push(await checkSandbox(config.sandbox ?? "auto"));
  results.push(await checkCurl(config.allowedHosts ?? []));
  const key = checkApiKey(env);
  results.push(key);
  const detected = config.testCommand === undefined ? detectTestCommand(projectDir) : undefined;
  results.push(await checkTestCommand(projectDir, config.testCommand ?? detected, config.testCommand === undefined ? "detected" : "greenlight.json"));
  const servers: McpServerConfig[] | Error = await readServerConfigs(projectDir).catch((error: Error) => error);
  const catalog = await loadAgents({ projectDir, builtinDir: PACKAGE_ASSETS.builtinAgents, ...(config.model ? { workspaceModel: config.model } : {}), ...(servers instanceof Error ? {} : { mcpServers: servers.map((server) => server.name) }) });
  const roles = { qa: config.roles?.qa ?? "qa", backend: config.roles?.backend ?? "backend", reviewer: config.roles?.reviewer ?? "reviewer" };
  results.push(checkAgents(catalog, roles, PACKAGE_ASSETS.builtinAgents));
  results.push(await checkMcpServers(projectDir, servers));
  const models = new Set<string>();
  for (const name of Object.values(roles)) {
    const agent = catalog.agents.find((candidate) => candidate.name === name);
    models.add(agent ? chooseModel(agent, { ...(env.GREENLIGHT_MODEL ? { env: env.GREENLIGHT_MODEL } : {}), ...(config.model ? { config: config.model } : {}) }) : (config.model ?? DEFAULT_MODEL));
  }
  for (const model of models) {
    if (key.status === "fail" || !input.lookUpModel) results.push(fail(`model ${model}`, "not checked: no API key to ask the Models API with", "set the key (see the api key line), then run greenlight doctor again"));
    else results.push(checkModel(model, await withTimeout(model, input.lookUpModel(model))));
  }
  return results;
}

/** The report: one line per check, then whether `greenlight run` can go. */
export function doctorReport(results: readonly CheckResult[]): { text: string; ready: boolean } {
  const width = Math.max(...results.map((result) => result.name.length));
  const label = { ok: "ok  ", warn: "warn", fail: "FAIL" } as const;
  const lines = results.map((result) => `${label[result.status]}  ${result.name.padEnd(width)}  ${result.detail}${result.fix ? `  -> ${result.fix}` : ""}`);
  const failed = results.filter((result) => result.status === "fail").length;
  lines.push(failed === 0 ? "greenlight run can go." : `greenlight run cannot go yet: ${failed} FAIL line${failed === 1 ? "" : "s"} to fix first.`);
  return { text: `${lines.join("\n")}\n`, ready: failed === 0 };
}

import { ConfigError } from "../domain/config-error.js";
import { runDoctor, doctorReport, type DoctorConfig, type DoctorInput } from "../doctor/run-doctor.js";
import { readProjectConfig } from "../run/config.js";
import { parseFlags } from "./parse-flags.js";
import { projectDirFrom } from "./project-dir.js";

const USAGE = `Usage: greenlight doctor [--project DIR]

Checks what greenlight run needs, one line per check with what to do when it fails: Node, git and the
repository, bubblewrap and user namespaces (the sandbox's own probe), curl, the API key or gateway, each
configured model through the Models API (window, output limit, price), the test command, the agents and
the MCP servers. Exit 0 when greenlight run can go, 1 otherwise.`;

function doctorConfig(projectDir: string): { config: DoctorConfig; problem?: string } {
  try {
    const file = readProjectConfig(projectDir);
    const config: DoctorConfig = {};
    if (file.testCommand !== undefined) config.testCommand = file.testCommand;
    if (file.sandbox !== undefined) config.sandbox = file.sandbox;
    if (file.network?.allow !== undefined) config.allowedHosts = file.network.allow;
    if (file.model !== undefined) config.model = file.model;
    if (file.roles !== undefined) config.roles = file.roles;
    return { config };
  } catch (error) {
    if (error instanceof ConfigError) return { config: {}, problem: error.message };
    throw error;
  }
}

export default async function doctorCommand(argv: string[]): Promise<number> {
  const { values } = parseFlags(argv, { project: { type: "string" }, help: { type: "boolean", short: "h" } }, USAGE);
  const projectDir = projectDirFrom(values.project);
  const { config, problem } = doctorConfig(projectDir);
  let lookUpModel: DoctorInput["lookUpModel"];
  if (process.env.ANTHROPIC_API_KEY || process.env.ANTHROPIC_AUTH_TOKEN) {
    // The SDK loads only when there is a key to ask the Models API with.
    const provider = (await import("../provider/anthropic-provider.js")).createAnthropicProvider();
    lookUpModel = provider.capabilities?.bind(provider);
  }
  const results = await runDoctor({ projectDir, env: process.env, config, ...(problem ? { configProblem: problem } : {}), ...(lookUpModel ? { lookUpModel } : {}) });
  const { text, ready } = doctorReport(results);
  process.stdout.write(text);
  return ready ? 0 : 1;
}

import { resolve } from "node:path";
import type { resolveRunConfig } from "../run/config.js";
import { defaultStateDir } from "../store/state-dir.js";
import { parseFlags } from "./parse-flags.js";
import { UsageError, UserError } from "./usage-error.js";
import { projectDirFrom } from "./project-dir.js";

export const RUN_USAGE = `usage: greenlight run [--project DIR] [--state DIR] [--test-command CMD] [--qa NAME] [--backend NAME]
                     [--reviewer NAME] [--model ID] [--approve each|none] [--allow RULE]... [--cassette FILE]
                     [--parallel N] [--pace MS] [--headless] [--json]
  --parallel N  work on up to N independent requirements at once, each in its own git worktree
  --allow RULE  allow what an agent's or the team's rules would ask a person for, e.g. --allow 'Bash(git push:*)'`;

const FLAGS = {
  project: { type: "string" },
  state: { type: "string" },
  "test-command": { type: "string" },
  qa: { type: "string" },
  backend: { type: "string" },
  reviewer: { type: "string" },
  model: { type: "string" },
  approve: { type: "string" },
  allow: { type: "string", multiple: true },
  cassette: { type: "string" },
  pace: { type: "string" },
  parallel: { type: "string" },
  headless: { type: "boolean" },
  json: { type: "boolean" },
} as const;

export interface RunInvocation {
  projectDir: string;
  stateDir: string;
  cassette?: string;
  paceMs: number;
  json: boolean;
  /** The full-screen workspace instead of lines: when stdout is a terminal and neither --headless nor --json. */
  interactive: boolean;
  /** --approve each: the person approves every requirement before the next starts (workspace only). */
  approveEach: boolean;
  overrides: Parameters<typeof resolveRunConfig>[1];
}

export function parseRunArguments(argv: string[]): RunInvocation {
  const { values, positionals } = parseFlags(argv, FLAGS, RUN_USAGE);
  if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`, RUN_USAGE);
  if (values.approve !== undefined && values.approve !== "none" && values.approve !== "each") throw new UsageError("--approve takes 'each' or 'none'", RUN_USAGE);
  const paceMs = values.pace === undefined ? 0 : Number(values.pace);
  if (!Number.isFinite(paceMs) || paceMs < 0) throw new UsageError("--pace takes a number of milliseconds, 0 or more", RUN_USAGE);
  const parallel = values.parallel === undefined ? undefined : Number(values.parallel);
  if (parallel !== undefined && (!Number.isInteger(parallel) || parallel < 1 || parallel > 32)) throw new UsageError("--parallel takes a whole number from 1 to 32", RUN_USAGE);
  const projectDir = projectDirFrom(values.project);
  const interactive = process.stdout.isTTY === true && !values.headless && !values.json;
  const approveEach = values.approve === "each";
  if (approveEach && !interactive) throw new UserError("--approve each needs a person at the workspace: run it in a terminal without --headless or --json", 2);
  return {
    projectDir,
    stateDir: resolve(values.state ?? defaultStateDir(projectDir)),
    ...(values.cassette ? { cassette: resolve(values.cassette) } : {}),
    paceMs,
    json: values.json ?? false,
    interactive,
    approveEach,
    overrides: {
      ...(values["test-command"] ? { testCommand: values["test-command"] } : {}),
      ...(values.qa ? { qa: values.qa } : {}),
      ...(values.backend ? { backend: values.backend } : {}),
      ...(values.reviewer ? { reviewer: values.reviewer } : {}),
      ...(values.model ? { model: values.model } : {}),
      ...(values.allow ? { allow: values.allow } : {}),
      ...(parallel !== undefined ? { parallel } : {}),
    },
  };
}


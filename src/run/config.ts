import { existsSync, readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join, resolve } from "node:path";
import { z } from "zod";
import { ConfigError } from "../domain/config-error.js";
import { DEFAULT_ATTEMPT_LIMITS, type AttemptLimits } from "../workflow/workflow.js";
import { detectTestCommand } from "../gates/detect-test-command.js";
import { DEFAULT_GATE_TIMEOUT_MS } from "../gates/gate-runner.js";
import { instructionsConfigSchema, type InstructionsConfig } from "../context/instructions-config.js";
import { sandboxConfigShape, sandboxSettings, type SandboxSettings } from "../sandbox/sandbox-config.js";
import { RuleSyntaxError } from "../permissions/rule-syntax.js";
import { peopleRules, permissionsConfigSchema, type PeopleRules } from "./permissions-config.js";
import { greenlightMcpServersSchema } from "../mcp/config-formats.js";
import { stripJsonComments } from "../mcp/jsonc.js";
import { testReportSchema } from "../gates/reports/test-report-config.js";
import { toolsConfigSchema, type ToolsConfig } from "./tools-config.js";
import { pricingConfigSchema, type PricingConfig } from "./pricing-config.js";
import { contextEditingSchema, type ContextEditing } from "../domain/context-editing.js";
import { reasoningConfig, reasoningConfigShape, type ReasoningConfig } from "./reasoning-config.js";

/** greenlight.json in the project (comments and trailing commas allowed): every key optional, unknown keys refused so typos are caught. */
export const projectConfigSchema = z
  .object({
    testCommand: z.string().min(1).optional(),
    testReport: testReportSchema.optional(),
    roles: z.object({ qa: z.string().min(1), backend: z.string().min(1), reviewer: z.string().min(1) }).partial().strict().optional(),
    maxAttempts: z
      .object({ tests: z.number().int().positive(), implement: z.number().int().positive(), review: z.number().int().positive(), integrate: z.number().int().positive() })
      .partial()
      .strict()
      .optional(),
    model: z.string().min(1).optional(),
    /** The model that takes a task's retry after the model refused it. */
    fallbackModel: z.string().min(1).optional(),
    ...reasoningConfigShape,
    budgets: z.object({ maxTokens: z.number().int().positive(), maxCostUsd: z.number().positive() }).partial().strict().optional(),
    pricing: pricingConfigSchema.optional(),
    contextEditing: contextEditingSchema.optional(),
    instructions: instructionsConfigSchema.optional(),
    ...sandboxConfigShape,
    permissions: permissionsConfigSchema.optional(),
    mcpServers: greenlightMcpServersSchema.optional(),
    tools: toolsConfigSchema.optional(),
    /** Requirements worked on at once, each in its own git worktree (1: one at a time, in the project). */
    parallel: z.number().int().min(1).max(32).optional(),
    /** Run in each new worktree after the dependencies are linked (e.g. "npm run build"); sandboxed to the worktree. */
    worktreeSetup: z.string().min(1).optional(),
    /** Where requirement worktrees are made (default: beside the user's data, outside the project). */
    worktreeDir: z.string().min(1).optional(),
    /** Test runs (gates) at once across lanes; default: the machine's cores. */
    gateConcurrency: z.number().int().min(1).max(64).optional(),
    /** Seconds one test run of a gate may take before it is stopped (and counted an environment failure). */
    gateTimeout: z.number().int().min(1).max(24 * 60 * 60).optional(),
  })
  .strict();
export type ProjectConfig = z.infer<typeof projectConfigSchema>;

export interface ConfigOverrides {
  testCommand?: string;
  qa?: string;
  backend?: string;
  reviewer?: string;
  model?: string;
  /** `--allow` rules: what would ask is allowed. */
  allow?: string[];
  /** `--parallel N`. */
  parallel?: number;
}

export interface RunConfig {
  testCommand: string;
  /** A JUnit XML file the test command writes itself (greenlight.json "testReport"). */
  testReport?: string;
  roles: { qa: string; backend: string; reviewer: string };
  maxAttempts: AttemptLimits;
  /** greenlight.json's model: the workspace model. */
  model?: string;
  /** `--model`: beats every agent file's own model (see chooseModel). */
  modelFlag?: string;
  budgets: { maxTokens?: number; maxCostUsd?: number };
  /** greenlight.json `pricing`: USD per million tokens per model id, over the published prices. */
  pricing?: PricingConfig;
  /** greenlight.json `contextEditing`: who clears old tool results near the window. */
  contextEditing?: ContextEditing;
  /** Thinking and effort, for every agent, per role and per agent. */
  reasoning: ReasoningConfig;
  fallbackModel?: string;
  instructions?: InstructionsConfig;
  sandbox: SandboxSettings;
  permissions: PeopleRules;
  tools?: ToolsConfig;
  /** Requirements at once (`--parallel`, greenlight.json "parallel"); 1 keeps the sequential run in the project. */
  parallel: number;
  worktreeSetup?: string;
  /** Absolute; where the run's worktrees live when greenlight.json says (see project/worktree-home). */
  worktreeDir?: string;
  gateConcurrency: number;
  /** How long one test run of a gate may take (greenlight.json "gateTimeout", in seconds there). */
  gateTimeoutMs: number;
  /** Integration attempts (conflict or failed integration gate) before the requirement waits for a person. */
  maxIntegrations: number;
}

export function readProjectConfig(projectDir: string): ProjectConfig {
  const file = join(projectDir, "greenlight.json");
  if (!existsSync(file)) return {};
  let raw: unknown;
  try {
    raw = JSON.parse(stripJsonComments(readFileSync(file, "utf8")));
  } catch (error) {
    throw new ConfigError(`${file}: not valid JSON: ${(error as Error).message}`);
  }
  const parsed = projectConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const key = [...issue.path, ...("keys" in issue ? (issue.keys as string[]) : [])].join(".");
    throw new ConfigError(`${file}: ${key ? `key '${key}': ` : ""}${issue.message}`);
  }
  return parsed.data;
}

/** The team's rules (greenlight.json) and the `--allow` flags; a rule that does not parse is a ConfigError. */
export function readPeopleRules(projectDir: string, file: ProjectConfig, allow: readonly string[]): PeopleRules {
  try {
    return peopleRules(file.permissions, allow, join(projectDir, "greenlight.json"));
  } catch (error) {
    if (error instanceof RuleSyntaxError) throw new ConfigError(error.message);
    throw error;
  }
}

const DEFAULT_INTEGRATIONS = 3;

function withoutIntegrate(limits: ProjectConfig["maxAttempts"]): Partial<AttemptLimits> {
  const { integrate: _integrate, ...stages } = limits ?? {};
  return stages;
}

/** Flags over greenlight.json over defaults; the test command must come from somewhere. */
export function resolveRunConfig(projectDir: string, overrides: ConfigOverrides): RunConfig {
  const file = readProjectConfig(projectDir);
  const testCommand = overrides.testCommand ?? file.testCommand ?? detectTestCommand(projectDir);
  if (!testCommand) {
    throw new ConfigError(
      `no test command for ${projectDir}: found no package.json "test" script, pytest setup, go.mod or Cargo.toml; set "testCommand" in greenlight.json or pass --test-command`,
    );
  }
  const config: RunConfig = {
    testCommand,
    roles: {
      qa: overrides.qa ?? file.roles?.qa ?? "qa",
      backend: overrides.backend ?? file.roles?.backend ?? "backend",
      reviewer: overrides.reviewer ?? file.roles?.reviewer ?? "reviewer",
    },
    maxAttempts: { ...DEFAULT_ATTEMPT_LIMITS, ...withoutIntegrate(file.maxAttempts) },
    maxIntegrations: file.maxAttempts?.integrate ?? DEFAULT_INTEGRATIONS,
    parallel: overrides.parallel ?? file.parallel ?? 1,
    gateConcurrency: file.gateConcurrency ?? Math.max(1, availableParallelism()),
    gateTimeoutMs: file.gateTimeout === undefined ? DEFAULT_GATE_TIMEOUT_MS : file.gateTimeout * 1000,
    ...(file.worktreeSetup === undefined ? {} : { worktreeSetup: file.worktreeSetup }),
    ...(file.worktreeDir === undefined ? {} : { worktreeDir: resolve(projectDir, file.worktreeDir) }),
    budgets: { ...file.budgets },
    reasoning: reasoningConfig(file),
    ...(file.fallbackModel === undefined ? {} : { fallbackModel: file.fallbackModel }),
    ...(file.instructions === undefined ? {} : { instructions: file.instructions }),
    sandbox: sandboxSettings(projectDir, file),
    permissions: readPeopleRules(projectDir, file, overrides.allow ?? []),
    ...(file.tools ? { tools: file.tools } : {}),
  };
  if (file.testReport !== undefined) config.testReport = file.testReport;
  if (file.model !== undefined) config.model = file.model;
  if (file.pricing !== undefined) config.pricing = file.pricing;
  if (file.contextEditing !== undefined) config.contextEditing = file.contextEditing;
  if (overrides.model !== undefined) config.modelFlag = overrides.model;
  return config;
}

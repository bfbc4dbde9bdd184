import type { AgentDefinition } from "../domain/agent-definition.js";
import type { Role } from "../domain/roles.js";
import { environmentBlock, type PipelineFacts } from "./environment-block.js";
import { gitFacts } from "./git-facts.js";
import type { InstructionsConfig } from "./instructions-config.js";
import { instructionsText } from "./instructions-text.js";
import { loadInstructions, type ProjectInstructions } from "./load-instructions.js";

export interface SessionContextInput {
  projectDir: string;
  agent: AgentDefinition;
  role?: Role;
  testCommand?: string;
  /** The requirement's test and code files, which scoped (`applyTo`) instruction files are matched against. */
  requirementFiles?: readonly string[];
  /** The run's facts for this agent; absent when the agent runs alone. */
  pipeline?: PipelineFacts;
  /** greenlight.json `instructions`. */
  instructions?: InstructionsConfig;
  now?: Date;
}

export interface SessionContext {
  /**
   * The system prompt as two blocks, each ending at a cache breakpoint: the agent's body with the project
   * instructions (the same for every session of the agent while the files stand), then the environment
   * block (facts of this stage). Both stay identical across the turns of the session.
   */
  system: [string, string];
  instructions: ProjectInstructions;
  environment: string;
}

/** Everything an agent's session receives besides its tools and messages. */
export async function sessionContext(input: SessionContextInput): Promise<SessionContext> {
  const [instructions, git] = await Promise.all([
    loadInstructions({
      projectDir: input.projectDir,
      ...(input.requirementFiles ? { requirementFiles: input.requirementFiles } : {}),
      ...(input.instructions === undefined ? {} : { config: input.instructions }),
    }),
    gitFacts(input.projectDir),
  ]);
  const environment = environmentBlock({
    projectDir: input.projectDir,
    git,
    now: input.now ?? new Date(),
    agent: input.agent.name,
    ...(input.testCommand ? { testCommand: input.testCommand } : {}),
    ...(input.role ? { role: input.role } : {}),
    ...(input.pipeline ? { pipeline: input.pipeline } : {}),
  });
  const stable = [input.agent.prompt.trim(), instructionsText(instructions.files)].filter((part) => part !== "").join("\n\n");
  return { system: [stable, environment], instructions, environment };
}

import type { AgentDefinition } from "../domain/agent-definition.js";
import { DEFAULT_MODEL } from "./model-catalog.js";

/** Where a model may be named besides the agent file: the command line, the environment, greenlight.json. */
export interface ModelChoice {
  /** `--model` of the command being run. */
  flag?: string | undefined;
  /** GREENLIGHT_MODEL. */
  env?: string | undefined;
  /** greenlight.json's `model`: the workspace model. */
  config?: string | undefined;
}

/**
 * The one model precedence, for runs, `greenlight agent`, handoffs and messages alike: what the person
 * asked for now (`--model`, then GREENLIGHT_MODEL) beats the agent file's own model, which beats the
 * workspace model in greenlight.json, which beats the default. Names given by the person pass as given.
 */
export function chooseModel(agent: AgentDefinition, choice: ModelChoice): string {
  const own = agent.model === "inherit" ? undefined : agent.model;
  return choice.flag || choice.env || own || choice.config || DEFAULT_MODEL;
}

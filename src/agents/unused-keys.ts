/**
 * Keys agent formats define that greenlight does not act on, with what happens instead. A lint warning
 * names each one a file sets, so an author never believes a setting is in force when it is not.
 */
const NOT_ACTED_ON: Record<string, string> = {
  hooks: "greenlight runs no hooks; the agent runs without them",
  skills: "greenlight has no skills; nothing is preloaded into the prompt",
  memory: "greenlight keeps no agent memory between sessions; the agent starts from its prompt each time",
  background: "greenlight decides when an agent runs",
  isolation: "the agent works in the project folder",
  initialPrompt: "greenlight gives the prompt (the task, a message, a handoff)",
  forkContext: "a stage starts in a fresh context",
  temperature: "the model's default temperature is used",
  top_p: "the model's default is used",
  variant: "the model's default is used",
  options: "only options.reasoningEffort is read; no other model options are sent",
  mode: "any agent can be a stage agent, a conversation or a handoff target",
  hidden: "every loaded agent is listed",
  disable: "the agent is loaded; remove the file to disable it",
  "user-invocable": "every loaded agent can be talked to",
  "disable-model-invocation": "agents do not invoke each other here",
  infer: "every loaded agent is listed",
  agents: "agents do not invoke each other here",
  target: "the file is used whatever its target",
  "argument-hint": "greenlight gives the prompt",
  timeout_mins: "sessions end by turns and budgets (maxTurns, greenlight.json budgets)",
  kind: "every agent runs locally",
  display_name: "the agent is shown by its name",
};

/** One warning per key the file sets that greenlight does not act on, saying what happens instead. */
export function unusedKeyWarnings(data: Record<string, unknown>): { key: string; message: string }[] {
  return Object.keys(data)
    .filter((key) => Object.hasOwn(NOT_ACTED_ON, key))
    .map((key) => ({ key, message: `${key}: not acted on by greenlight: ${NOT_ACTED_ON[key]}` }));
}

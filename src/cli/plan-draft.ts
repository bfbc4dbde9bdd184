import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { createInterface } from "node:readline/promises";
import { draftPathFor, draftPrompt } from "../plan/draft-prompt.js";
import { projectPath } from "../plan/read-spec-files.js";
import { attachHeadlessReporter } from "../sinks/headless-reporter.js";
import { agentTextPrinter } from "../sinks/agent-text-printer.js";
import { openPlannerWorkspace } from "./planner-workspace.js";
import { openStandaloneSession } from "./standalone-session.js";
import { UserError } from "./usage-error.js";

export interface DraftOptions {
  briefPath: string;
  projectDir: string;
  cassette?: string | undefined;
  model?: string | undefined;
  /** A person at the terminal: the planner asks them in the workspace's inbox, and they edit and approve the draft. */
  interactive: boolean;
  json: boolean;
}

/** Opens the draft in $VISUAL or $EDITOR (vi without either), then asks whether to plan it. */
async function reviewedByPerson(draft: string): Promise<boolean> {
  const editor = process.env.VISUAL || process.env.EDITOR || "vi";
  // Through the shell, as git runs it: EDITOR may carry arguments ("code --wait").
  const edited = spawnSync(`${editor} '${draft.replace(/'/g, "'\\''")}'`, { stdio: "inherit", shell: true });
  if (edited.error) process.stderr.write(`greenlight: could not open ${editor}: ${edited.error.message}\n`);
  const terminal = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return /^y(es)?$/i.test((await terminal.question(`Plan ${draft} now? [y/N] `)).trim());
  } finally {
    terminal.close();
  }
}

/**
 * `greenlight plan BRIEF.md --draft`: the planner agent writes a spec draft from a prose brief. Nothing is
 * planned from it until a person approves it: headless, the draft is written and its path printed; at a
 * terminal, the person answers the planner's questions in the workspace's inbox, then edits the draft in
 * their editor and says yes.
 * Returns the draft's path when the person approved it, undefined when it is left for them.
 */
export async function draftFromBrief(options: DraftOptions): Promise<string | undefined> {
  const { projectDir } = options;
  const briefFile = projectPath(options.briefPath, projectDir);
  const draftPath = draftPathFor(options.briefPath);
  const absoluteDraft = join(projectDir, draftPath);
  if (existsSync(absoluteDraft)) throw new UserError(`the draft ${draftPath} exists already: edit it and run 'greenlight plan ${draftPath}', or move it away to draft again`);
  const session = await openStandaloneSession({ projectDir, name: "planner", cassette: options.cassette, model: options.model, busName: `planner-${new Date().toISOString().replace(/[:.]/g, "-")}` });
  const controller = new AbortController();
  // At a terminal the workspace owns the screen and the planner's questions wait in its inbox.
  const workspace = options.interactive ? await openPlannerWorkspace(session.bus, basename(projectDir), session.agent.model ?? "inherit", controller) : undefined;
  if (!workspace && options.json) attachHeadlessReporter(session.bus, process.stdout, { json: true });
  else if (!workspace) session.bus.subscribe(agentTextPrinter(process.stdout, process.stderr));
  if (session.warning !== undefined) session.bus.publish({ type: "log", level: "warn", message: session.warning });
  const interrupt = () => (controller.signal.aborted ? process.exit(130) : controller.abort());
  process.on("SIGINT", interrupt);
  try {
    const prompt = draftPrompt({ brief: readFileSync(options.briefPath, "utf8"), briefPath: briefFile, draftPath, canAsk: workspace !== undefined });
    const outcome = await session.factory.run({
      agent: session.agent,
      prompt,
      signal: controller.signal,
      onEvent: (event) => session.bus.publish(event),
      ...(workspace ? { askHuman: workspace.askHuman } : {}),
    });
    if (outcome.reason === "aborted") throw new UserError("drafting interrupted", 130);
    if (outcome.reason !== "completed") throw new UserError(`the planner stopped before finishing (${outcome.reason})`, 1);
  } finally {
    workspace?.close();
    process.off("SIGINT", interrupt);
    await session.close();
  }
  if (!existsSync(absoluteDraft)) throw new UserError(`the planner wrote no draft at ${draftPath}`, 1);
  process.stdout.write(`draft: ${draftPath}\n`);
  if (!options.interactive) {
    process.stdout.write(`Read and edit it, then plan it with: greenlight plan ${draftPath}\n`);
    return undefined;
  }
  return (await reviewedByPerson(absoluteDraft)) ? draftPath : undefined;
}

import { basename, extname } from "node:path";
import { slug } from "./formats/markdown-lines.js";

/** At most this many clarifying questions per draft: beyond them the planner writes what is open into the draft. */
export const MAX_PLANNER_QUESTIONS = 5;

/** Where the planner writes the draft of a brief: `specs/<brief name>/requirements.md`, a feature of its own. */
export function draftPathFor(briefPath: string): string {
  const name = slug(basename(briefPath, extname(briefPath))) || "brief";
  return `specs/${name}/requirements.md`;
}

/** The planner's task: the brief itself, where the draft goes, and whether a person is there to ask. */
export function draftPrompt(options: { brief: string; briefPath: string; draftPath: string; canAsk: boolean }): string {
  const asking = options.canAsk
    ? `A person is at the terminal: ask them at most ${MAX_PLANNER_QUESTIONS} questions with AskHuman, one at a time, only about what changes what would be built. Write what is still open into the draft's "## Open questions".`
    : `No one can answer questions now: do not ask. Write every question (at most ${MAX_PLANNER_QUESTIONS}) into the draft's "## Open questions" section instead of guessing.`;
  return [
    `# Draft a spec from the brief ${options.briefPath}`,
    "",
    `Write the draft to \`${options.draftPath}\` (create the folder if needed) and change no other file.`,
    "Each requirement is `### Requirement N: Title` with a `**User Story:**` line and `#### Acceptance Criteria`, numbered EARS lines with SHALL.",
    asking,
    "A person reads and edits the draft and approves it before anything is planned.",
    "",
    "## The brief",
    options.brief.trim(),
  ].join("\n");
}

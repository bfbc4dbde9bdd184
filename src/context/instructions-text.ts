import type { InstructionFile } from "./load-instructions.js";

const attribute = (value: string) => value.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");

/** The instruction files as the agent reads them: each in a tag naming its file (and what imported it). */
export function instructionsText(files: readonly InstructionFile[]): string {
  if (files.length === 0) return "";
  const sections = files.map((file) => {
    const origin = file.importedBy === undefined ? "" : ` imported-by="${attribute(file.importedBy)}"`;
    const scope = file.applyTo === undefined ? "" : ` applies-to="${attribute(file.applyTo.join(","))}"`;
    return `<instructions file="${attribute(file.path)}"${origin}${scope}>\n${file.text.trim()}\n</instructions>`;
  });
  return [
    "# Project instructions",
    "",
    "The project's instruction files (for Claude Code, Codex, opencode and Copilot), loaded by greenlight as those tools would load them. They are the project's conventions: follow them, except where greenlight's rules (at the end of this prompt) say otherwise.",
    "",
    ...sections.flatMap((section) => [section, ""]),
  ].join("\n").trimEnd();
}

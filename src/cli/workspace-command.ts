import runCommand from "./run-command.js";

/** `greenlight` with no command is `greenlight run` for the current folder. */
export default async function workspaceCommand(argv: string[]): Promise<number> {
  return runCommand(argv);
}

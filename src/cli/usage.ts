import { COMMANDS } from "./commands.js";

export function globalUsage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length));
  const lines = Object.entries(COMMANDS).map(([name, { summary }]) => `  ${name.padEnd(width)}  ${summary}`);
  return [
    "Usage: greenlight [command] [options]",
    "",
    "With no command, opens the workspace for the project in the current folder.",
    "",
    "Commands:",
    ...lines,
    "",
    "Options:",
    "  -h, --help     show help (also: greenlight COMMAND --help)",
    "  -v, --version  print the version",
  ].join("\n");
}

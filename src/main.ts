#!/usr/bin/env node
import { readFileSync } from "node:fs";
import { PACKAGE_ASSETS } from "./domain/package-assets.js";
import { COMMANDS } from "./cli/commands.js";
import { globalUsage } from "./cli/usage.js";
import { UsageError } from "./cli/usage-error.js";
import { reportError } from "./cli/error-boundary.js";

function version(): string {
  const pkg = JSON.parse(readFileSync(PACKAGE_ASSETS.packageJson, "utf8")) as { version: string };
  return pkg.version;
}

async function main(argv: string[]): Promise<number> {
  const [first, ...rest] = argv;
  if (first === "--help" || first === "-h" || first === "help") {
    process.stdout.write(globalUsage() + "\n");
    return 0;
  }
  if (first === "--version" || first === "-v") {
    process.stdout.write(version() + "\n");
    return 0;
  }
  if (first === undefined || first.startsWith("-")) {
    const workspace = await import("./cli/workspace-command.js");
    return workspace.default(argv);
  }
  const command = COMMANDS[first];
  if (!command) throw new UsageError(`unknown command '${first}'`, globalUsage());
  const module = await command.load();
  return module.default(rest);
}

// A reader that stops early (`greenlight demo --headless | head -2`) closes the pipe: end quietly, as
// command-line tools do, instead of printing a write error's stack.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(0);
  throw error;
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.exitCode = reportError(error);
  },
);

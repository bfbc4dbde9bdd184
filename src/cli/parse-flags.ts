import { parseArgs, type ParseArgsConfig } from "node:util";
import { HelpRequested, UsageError } from "./usage-error.js";

type Options = NonNullable<ParseArgsConfig["options"]>;

/** node:util parseArgs with its errors turned into a UsageError carrying the command's usage; -h/--help asks for the usage. */
export function parseFlags<O extends Options>(argv: string[], options: O, usage: string) {
  const flags = argv.includes("--") ? argv.slice(0, argv.indexOf("--")) : argv;
  if (flags.includes("--help") || flags.includes("-h")) throw new HelpRequested(usage);
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/\. To specify a positional argument.*$/s, ""), usage);
  }
}

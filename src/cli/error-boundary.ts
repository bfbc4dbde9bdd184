import { ConfigError } from "../domain/config-error.js";
import { SpecError } from "../plan/spec-error.js";
import { ProviderError } from "../provider/model-provider.js";
import { StateStoreError } from "../store/state-errors.js";
import { globalUsage } from "./usage.js";
import { HelpRequested, UsageError, UserError } from "./usage-error.js";

/** Exit code for an internal error (EX_SOFTWARE): a bug, reported with its stack so it can be fixed. */
export const INTERNAL_ERROR_EXIT = 70;

/** Said after a problem with the setup (greenlight.json, the key, the sandbox), where doctor can say more. */
export const DOCTOR_HINT = "(greenlight doctor checks the whole setup, one line per check)";

interface Verdict {
  message: string;
  exitCode: number;
}

/**
 * The one place that decides what a user sees for an error and which exit code it gets. Commands throw;
 * none of them maps errors itself. User errors get one line and no stack trace; anything else is a bug.
 */
export function classifyError(error: unknown): Verdict {
  if (error instanceof UsageError) return { message: `${error.message}\n\n${error.usage ?? globalUsage()}`, exitCode: 2 };
  if (error instanceof UserError) return { message: error.message, exitCode: error.exitCode };
  if (error instanceof ConfigError) return { message: `${error.message}\n${DOCTOR_HINT}`, exitCode: 2 };
  if (error instanceof SpecError) return { message: error.message, exitCode: 2 };
  // A busy state folder is the person's to sort out (another greenlight holds it), like a bad flag.
  if (error instanceof StateStoreError) return { message: error.message, exitCode: error.code === "locked" ? 2 : 1 };
  if (error instanceof ProviderError && error.kind === "auth") return { message: `${error.message}\n${DOCTOR_HINT}`, exitCode: 2 };
  if (error instanceof ProviderError && error.kind === "cassette") return { message: error.message, exitCode: 2 };
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return { message: `internal error: ${detail}`, exitCode: INTERNAL_ERROR_EXIT };
}

export function reportError(error: unknown): number {
  // Asked for, not an error: the command's usage on stdout, exit 0.
  if (error instanceof HelpRequested) {
    process.stdout.write(`${error.usage}\n`);
    return 0;
  }
  const { message, exitCode } = classifyError(error);
  process.stderr.write(`greenlight: ${message}\n`);
  return exitCode;
}

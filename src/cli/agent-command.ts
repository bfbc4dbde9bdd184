import { UserError } from "./usage-error.js";

/** Placeholder until its issue lands: says plainly that the command is not built yet. */
export default async function agentCommand(_argv: string[]): Promise<number> {
  throw new UserError("'agent' is not built yet", 2);
}

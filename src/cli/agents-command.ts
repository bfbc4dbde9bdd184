import { UserError } from "./usage-error.js";

/** Placeholder until its issue lands: says plainly that the command is not built yet. */
export default async function agentsCommand(_argv: string[]): Promise<number> {
  throw new UserError("'agents' is not built yet", 2);
}

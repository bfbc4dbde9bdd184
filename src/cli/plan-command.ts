import { UserError } from "./usage-error.js";

/** Placeholder until its issue lands: says plainly that the command is not built yet. */
export default async function planCommand(_argv: string[]): Promise<number> {
  throw new UserError("'plan' is not built yet", 2);
}

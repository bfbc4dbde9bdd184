import { UserError } from "./usage-error.js";

/** Placeholder until its issue lands: says plainly that the command is not built yet. */
export default async function demoCommand(_argv: string[]): Promise<number> {
  throw new UserError("'demo' is not built yet", 2);
}

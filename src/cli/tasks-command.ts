import { UserError } from "./usage-error.js";

/** Placeholder until its issue lands: says plainly that the command is not built yet. */
export default async function tasksCommand(_argv: string[]): Promise<number> {
  throw new UserError("'tasks' is not built yet", 2);
}

import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * Gives a gate run a private folder for its reports, outside the project (test runners glob the project,
 * and the agents must not be able to plant a report there), and removes that one folder afterwards.
 */
export async function withReportFolder<T>(use: (folder: string) => Promise<T>): Promise<T> {
  const folder = await mkdtemp(join(tmpdir(), "greenlight-reports-"));
  try {
    return await use(folder);
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

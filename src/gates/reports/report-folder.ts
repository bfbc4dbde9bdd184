import { makeTempFolder, removeTempFolder } from "../../process/own-temp-folders.js";

/**
 * Gives a gate run a private folder for its reports, outside the project (test runners glob the project,
 * and the agents must not be able to plant a report there), and removes that one folder afterwards, or
 * at exit when the run is cut short.
 */
export async function withReportFolder<T>(use: (folder: string) => Promise<T>): Promise<T> {
  const folder = await makeTempFolder("greenlight-reports-");
  try {
    return await use(folder);
  } finally {
    await removeTempFolder(folder);
  }
}

import { constants } from "node:fs";
import { open } from "node:fs/promises";

/**
 * Reads a file only if it is a regular file. The model can create a FIFO or point at a device with Bash,
 * and opening one for reading would block forever, so the open never waits (O_NONBLOCK) and never
 * follows a symlink, and anything but a regular file is refused with code ENOTREG.
 */
export async function readRegularFile(path: string): Promise<Buffer> {
  const handle = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  try {
    if (!(await handle.stat()).isFile()) throw Object.assign(new Error(`${path} is not a regular file`), { code: "ENOTREG" });
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}

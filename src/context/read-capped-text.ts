import { constants } from "node:fs";
import { open } from "node:fs/promises";

export type CappedText =
  | { kind: "text"; text: string; bytes: number; cut: boolean }
  | { kind: "missing" }
  | { kind: "refused"; reason: string };

/**
 * Reads at most `cap` bytes of a regular file as UTF-8 text. Opening never waits (a FIFO named CLAUDE.md
 * must not hang a session) and never follows a final symlink (the caller has resolved every symlink
 * inside the project already); devices, folders and binary files are refused.
 */
export async function readCappedText(absolutePath: string, cap: number): Promise<CappedText> {
  let handle;
  try {
    handle = await open(absolutePath, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return { kind: "missing" };
    return { kind: "refused", reason: code === "ELOOP" ? "a symlink" : `cannot be read (${code ?? "error"})` };
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) return { kind: "refused", reason: info.isDirectory() ? "a folder" : "not a regular file" };
    const length = Math.min(info.size, cap);
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, 0);
    const bytes = buffer.subarray(0, bytesRead);
    if (bytes.includes(0)) return { kind: "refused", reason: "a binary file" };
    // A cut can split a multi-byte character: drop the broken tail rather than send a replacement mark.
    let text = bytes.toString("utf8").replace(/^\uFEFF/, "");
    const cut = info.size > cap;
    if (cut) text = text.replace(/\uFFFD+$/, "");
    return { kind: "text", text, bytes: info.size, cut };
  } finally {
    await handle.close();
  }
}

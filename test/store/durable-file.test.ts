import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { promises as fsp } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { realFileLayer, writeFileDurably } from "../../src/store/durable-file.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "gl-durable-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const chunks = (): Buffer[] => Array.from({ length: 50 }, (_, n) => Buffer.from(`chunk ${n} ${"é".repeat(n)}\n`));

describe("writeFileDurably with byte chunks", () => {
  it("writes the chunks in order and keeps the previous version as the backup", async () => {
    const path = join(dir, "state.json");
    await writeFileDurably(path, "old\n", { backupPath: `${path}.bak` });
    await writeFileDurably(path, chunks(), { backupPath: `${path}.bak` });
    expect(readFileSync(path, "utf8")).toBe(Buffer.concat(chunks()).toString("utf8"));
    expect(readFileSync(`${path}.bak`, "utf8")).toBe("old\n");
    expect(readdirSync(dir).sort()).toEqual(["state.json", "state.json.bak"]);
  });

  it("finishes a short writev with plain writes of the rest", async () => {
    const path = join(dir, "state.json");
    let short = 0;
    await writeFileDurably(path, chunks(), {
      files: {
        ...realFileLayer,
        open: async (file, flags, mode) => {
          const handle = await fsp.open(file, flags, mode);
          const writev = handle.writev.bind(handle);
          // The kernel may stop a writev early; this one stops after three chunks and a half.
          handle.writev = async (buffers: NodeJS.ArrayBufferView[]) => {
            short++;
            const partial = buffers.slice(0, 3).concat([Buffer.from(buffers[3]!.buffer, buffers[3]!.byteOffset, 4)]);
            return writev(partial);
          };
          return handle;
        },
      },
    });
    expect(short).toBe(1);
    expect(readFileSync(path, "utf8")).toBe(Buffer.concat(chunks()).toString("utf8"));
  });
});

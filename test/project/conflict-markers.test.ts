import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { filesWithConflictMarkers } from "../../src/project/conflict-markers.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "greenlight-markers-"));
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

describe("conflict markers left in a requirement's files", () => {
  it("finds a file that still opens or closes a conflict, and not one that merely mentions the markers", async () => {
    await writeFile(join(dir, "README.md"), "# Notes\n<<<<<<< HEAD\nmine\n=======\ntheirs\n>>>>>>> greenlight/REQ-002\n");
    await writeFile(join(dir, "half.css"), "a { }\n>>>>>>> main\n");
    await writeFile(join(dir, "clean.js"), "// git writes '<<<<<<<' lines on a conflict\nconst line = '=======';\n");
    expect(await filesWithConflictMarkers(dir, ["README.md", "half.css", "clean.js", "gone.txt"])).toEqual(["README.md", "half.css"]);
  });
});

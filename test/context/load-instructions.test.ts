import { execFileSync } from "node:child_process";
import { mkdtemp, mkdir, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadInstructions } from "../../src/context/load-instructions.js";
import { MAX_IMPORT_DEPTH, MAX_IMPORTS_PER_FILE, MAX_INSTRUCTION_FILE_BYTES, MAX_INSTRUCTIONS_TOTAL_BYTES } from "../../src/context/instruction-limits.js";

let root: string;
let project: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "greenlight-instructions-"));
  project = join(root, "project");
  await mkdir(join(project, ".github/instructions"), { recursive: true });
});
afterEach(async () => rm(root, { recursive: true, force: true }));

const put = async (path: string, content: string) => {
  await mkdir(join(project, path, ".."), { recursive: true });
  await writeFile(join(project, path), content);
};
const paths = async (options: Parameters<typeof loadInstructions>[0] = { projectDir: project }) => (await loadInstructions(options)).files.map((file) => file.path);

describe("project instruction files", () => {
  it("come in the documented order: CLAUDE.md and its imports, .claude/CLAUDE.md, AGENTS.md, Copilot's, scoped files by name", async () => {
    await put(".github/instructions/b.instructions.md", "---\napplyTo: '**'\n---\nB");
    await put(".github/instructions/a.instructions.md", "---\napplyTo: '**'\n---\nA");
    await put(".github/copilot-instructions.md", "copilot");
    await put("AGENTS.md", "agents");
    await put(".claude/CLAUDE.md", "dot claude");
    await put("CLAUDE.md", "root @docs/x.md");
    await put("docs/x.md", "x");
    expect(await paths()).toEqual(["CLAUDE.md", "docs/x.md", ".claude/CLAUDE.md", "AGENTS.md", ".github/copilot-instructions.md", ".github/instructions/a.instructions.md", ".github/instructions/b.instructions.md"]);
  });

  it("includes a file once, however many ways lead to it (an import, a symlink of AGENTS.md to CLAUDE.md)", async () => {
    await put("CLAUDE.md", "see @AGENTS.md and @./AGENTS.md and @docs/../AGENTS.md");
    await put("AGENTS.md", "agents");
    await mkdir(join(project, ".claude"));
    await symlink("../CLAUDE.md", join(project, ".claude/CLAUDE.md"));
    const { files } = await loadInstructions({ projectDir: project });
    expect(files.map((file) => [file.path, file.importedBy])).toEqual([
      ["CLAUDE.md", undefined],
      ["AGENTS.md", "CLAUDE.md"],
    ]);
  });

  it("resolves @imports relative to the importing file, never inside code, never e-mail addresses", async () => {
    await put("CLAUDE.md", "Read @docs/a.md. Mail ops@example.com.\n`@docs/inline.md`\n```\n@docs/fenced.md\n```\n");
    await put("docs/a.md", "a imports @b.md");
    await put("docs/b.md", "b");
    await put("docs/inline.md", "inline");
    await put("docs/fenced.md", "fenced");
    expect(await paths()).toEqual(["CLAUDE.md", "docs/a.md", "docs/b.md"]);
  });

  it("refuses imports that leave the project: .., absolute paths outside, home paths, symlinks out", async () => {
    await writeFile(join(root, "secret.md"), "SECRET");
    await symlink(join(root, "secret.md"), join(project, "link.md"));
    await symlink(root, join(project, "up"));
    await put("CLAUDE.md", `@../secret.md @${join(root, "secret.md")} @~/secret.md @link.md @up/secret.md @${join(project, "ok.md")}`);
    await put("ok.md", "fine");
    const result = await loadInstructions({ projectDir: project });
    expect(result.files.map((file) => file.path)).toEqual(["CLAUDE.md", "ok.md"]);
    expect(result.files.map((file) => file.text).join("")).not.toContain("SECRET");
    expect(result.skipped.map((skip) => [skip.path, skip.reason])).toEqual([
      ["../secret.md", "refused: outside the project"],
      [join(root, "secret.md"), "refused: outside the project"],
      ["~/secret.md", "refused: outside the project (a home folder path)"],
      ["link.md", "refused: symlink out of the project"],
      ["up/secret.md", "refused: symlink out of the project"],
    ]);
  });

  it(`follows imports ${MAX_IMPORT_DEPTH} levels deep and no further, and survives an import cycle`, async () => {
    await put("CLAUDE.md", "@d1.md");
    for (let level = 1; level <= 7; level++) await put(`d${level}.md`, `level ${level} @d${level + 1}.md @CLAUDE.md`);
    const result = await loadInstructions({ projectDir: project });
    expect(result.files.map((file) => file.path)).toEqual(["CLAUDE.md", "d1.md", "d2.md", "d3.md", "d4.md", "d5.md"]);
    expect(result.skipped).toContainEqual({ path: "d6.md", importedBy: "d5.md", reason: `not followed: imports go ${MAX_IMPORT_DEPTH} levels deep at most` });
  });

  it(`follows at most ${MAX_IMPORTS_PER_FILE} imports of one file`, async () => {
    await put("CLAUDE.md", Array.from({ length: MAX_IMPORTS_PER_FILE + 3 }, (_, n) => `@f${n}.md`).join(" "));
    for (let n = 0; n < MAX_IMPORTS_PER_FILE + 3; n++) await put(`f${n}.md`, `file ${n}`);
    const result = await loadInstructions({ projectDir: project });
    expect(result.files).toHaveLength(1 + MAX_IMPORTS_PER_FILE);
    expect(result.skipped).toEqual([{ path: `f${MAX_IMPORTS_PER_FILE}.md`, importedBy: "CLAUDE.md", reason: `not followed, nor the 2 after it: ${MAX_IMPORTS_PER_FILE} imports per file at most` }]);
  });

  it("cuts a file over the cap per file with a note naming it and its size", async () => {
    await put("AGENTS.md", "é".repeat(MAX_INSTRUCTION_FILE_BYTES));
    const [file] = (await loadInstructions({ projectDir: project })).files;
    expect(file).toMatchObject({ path: "AGENTS.md", bytes: 2 * MAX_INSTRUCTION_FILE_BYTES, cut: "file cap" });
    expect(file!.text).not.toContain("\uFFFD");
    expect(file!.text).toContain(`[greenlight cut AGENTS.md here: ${MAX_INSTRUCTION_FILE_BYTES} of its ${2 * MAX_INSTRUCTION_FILE_BYTES} bytes are included (the limit is 32 KB per instruction file). Read the file for the rest.]`);
  });

  it("stops at the cap on all files together: the last one is cut, the ones after it are left out", async () => {
    const big = "x".repeat(MAX_INSTRUCTION_FILE_BYTES - 100);
    await put("CLAUDE.md", big);
    await put("AGENTS.md", big);
    await put(".github/copilot-instructions.md", big);
    await put(".github/instructions/all.instructions.md", "---\napplyTo: '**'\n---\nall");
    const result = await loadInstructions({ projectDir: project });
    expect(result.files.map((file) => [file.path, file.cut])).toEqual([
      ["CLAUDE.md", undefined],
      ["AGENTS.md", undefined],
      [".github/copilot-instructions.md", "total cap"],
    ]);
    const included = result.files.reduce((sum, file) => sum + Buffer.byteLength(file.text.replace(/\n\n\[greenlight cut[^\]]*\]$/, "")), 0);
    expect(included).toBe(MAX_INSTRUCTIONS_TOTAL_BYTES);
    expect(result.skipped).toEqual([{ path: ".github/instructions/all.instructions.md", reason: "left out: the instruction files already fill the 64 KB limit" }]);
  });

  it("includes a scoped file when applyTo matches a requirement file, brace globs and lists included", async () => {
    await put(".github/instructions/ts.instructions.md", "---\napplyTo: 'src/**/*.{ts,tsx}'\n---\nTS rules");
    await put(".github/instructions/py.instructions.md", "---\napplyTo:\n  - '**/*.py'\n  - 'scripts/*'\n---\nPY rules");
    await put(".github/instructions/manual.instructions.md", "---\ndescription: attach by hand\n---\nmanual");
    await put(".github/instructions/plain.instructions.md", "no frontmatter at all");
    const ts = await loadInstructions({ projectDir: project, requirementFiles: ["src/ui/view.tsx"] });
    expect(ts.files.map((file) => [file.path, file.applyTo, file.text])).toEqual([[".github/instructions/ts.instructions.md", ["src/**/*.{ts,tsx}"], "TS rules"]]);
    expect(ts.skipped.map((skip) => skip.reason)).toEqual([
      "no applyTo in its frontmatter (Copilot applies it only when attached by hand)",
      "no applyTo in its frontmatter (Copilot applies it only when attached by hand)",
      'applyTo "**/*.py,scripts/*" matches none of the requirement\'s files (src/ui/view.tsx)',
    ]);
    expect(await paths({ projectDir: project, requirementFiles: ["scripts/run"] })).toEqual([".github/instructions/py.instructions.md"]);
    expect(await paths({ projectDir: project, requirementFiles: [] })).toEqual([]);
  });

  it("turns files off by greenlight.json: exclude by path or glob, or false for none", async () => {
    await put("CLAUDE.md", "@docs/a.md");
    await put("docs/a.md", "a");
    await put("AGENTS.md", "agents");
    await put(".github/instructions/all.instructions.md", "---\napplyTo: '**'\n---\nall");
    expect(await paths({ projectDir: project, config: { exclude: ["AGENTS.md", "docs/*.md"] } })).toEqual(["CLAUDE.md", ".github/instructions/all.instructions.md"]);
    expect(await paths({ projectDir: project, config: { exclude: [".github/instructions/**"] } })).toEqual(["CLAUDE.md", "docs/a.md", "AGENTS.md"]);
    expect(await loadInstructions({ projectDir: project, config: false })).toEqual({ files: [], skipped: [] });
  });

  it("never blocks on a FIFO and never sends a binary file or a folder", async () => {
    execFileSync("mkfifo", [join(project, "CLAUDE.md")]);
    await put("AGENTS.md", "bin\0ary");
    await mkdir(join(project, ".github/copilot-instructions.md"));
    const result = await loadInstructions({ projectDir: project });
    expect(result.files).toEqual([]);
    expect(result.skipped.map((skip) => [skip.path, skip.reason])).toEqual([
      ["CLAUDE.md", "refused: not a regular file"],
      ["AGENTS.md", "refused: a binary file"],
      [".github/copilot-instructions.md", "refused: a folder"],
    ]);
  });
});

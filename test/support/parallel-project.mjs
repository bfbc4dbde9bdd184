import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * A real git project for parallel runs, with a spec and a cassette written to match: each requirement
 * adds its own module and test (independent), or appends to a shared module at the same line (they
 * conflict when integrated, so each backend has a second turn that resolves the merge), or depends on
 * another. node --test is the test command.
 */

const number = (id) => Number(id.replace(/\D/g, ""));
const fn = (id) => `r${number(id)}`;

/** With `dependency`, the test checks through a package installed in the project's node_modules (linked into worktrees). */
function testFile(requirement, dependency) {
  const module = requirement.kind === "shared" ? "../src/shared.js" : `../src/${fn(requirement.id)}.js`;
  const check = dependency ? `import { same } from "numbers-check";\n` : "";
  const assertion = dependency ? `assert.ok(same(${fn(requirement.id)}(), ${number(requirement.id)}));` : `assert.equal(${fn(requirement.id)}(), ${number(requirement.id)});`;
  return `import { test } from "node:test";\nimport assert from "node:assert/strict";\n${check}import { ${fn(requirement.id)} } from "${module}";\n\ntest("${requirement.id} returns its number", () => {\n  ${assertion}\n});\n`;
}

const functionText = (id) => `export function ${fn(id)}() {\n  return ${number(id)};\n}\n`;
const SHARED_BASE = "// Functions added by requirements.\n";

function turn(text, tool, id = "t") {
  return { content: [{ type: "text", text }, ...(tool ? [{ type: "tool_use", id: `toolu_${id}`, name: tool.name, input: tool.input }] : [])] };
}

function scripts(requirements, dependency) {
  const shared = requirements.filter((requirement) => requirement.kind === "shared");
  const all = shared.map((requirement) => functionText(requirement.id)).join("");
  return requirements.flatMap((requirement, index) => {
    const id = requirement.id;
    const n = `${index}`;
    const code = requirement.kind === "shared" ? { file_path: "src/shared.js", content: SHARED_BASE + functionText(id) } : { file_path: `src/${fn(id)}.js`, content: functionText(id) };
    const backend = [turn(`Implementing ${id}.`, { name: "Write", input: code }, `b${n}a`), turn(`${id} is implemented.`)];
    // After a conflict with the other shared requirement(s), the resolution keeps every function.
    if (requirement.kind === "shared") backend.push(turn("Resolving the merge: both functions stay.", { name: "Write", input: { file_path: "src/shared.js", content: SHARED_BASE + all } }, `b${n}b`), turn("The conflict is resolved."));
    const approve = (k) => turn("Looks right.", { name: "ReviewVerdict", input: { verdict: "approve", summary: `${id} is correct and tested.`, findings: [] } }, `r${n}${k}`);
    return [
      { agent: "qa", requirement: id, turns: [turn(`Testing ${id} first.`, { name: "Write", input: { file_path: `test/${fn(id)}.test.js`, content: testFile(requirement, dependency) } }, `q${n}`), turn(`Tests for ${id} are written.`)] },
      { agent: "backend", requirement: id, turns: backend },
      { agent: "reviewer", requirement: id, turns: [approve("a"), turn("Approved."), approve("b"), turn("Approved again.")] },
    ];
  });
}

function spec(requirements) {
  const sections = requirements.map(
    (requirement) => `## ${requirement.id}: Function ${fn(requirement.id)}\n\`${fn(requirement.id)}()\` returns ${number(requirement.id)}.\n${requirement.dependsOn ? `\nDepends on: ${requirement.dependsOn.join(", ")}\n` : ""}`,
  );
  return `# Numbers\n\n${sections.join("\n")}`;
}

/**
 * @param {import("./parallel-project.mjs").ScenarioRequirement[]} requirements
 * @param {{ dependency?: boolean }} [options]
 */
export async function createParallelProject(requirements, options = {}) {
  const root = await mkdtemp(join(tmpdir(), "greenlight-parallel-"));
  const project = join(root, "project");
  const worktrees = join(root, "worktrees");
  await mkdir(join(project, "src"), { recursive: true });
  await mkdir(join(project, "test"), { recursive: true });
  await writeFile(join(project, "package.json"), `${JSON.stringify({ name: "numbers", private: true, type: "module", scripts: { test: "node --test" } }, null, 2)}\n`);
  await writeFile(join(project, "src/shared.js"), SHARED_BASE);
  await writeFile(join(project, ".gitignore"), ".greenlight/\nnode_modules/\n");
  await writeFile(join(project, "SPEC.md"), spec(requirements));
  if (options.dependency) {
    await mkdir(join(project, "node_modules/numbers-check"), { recursive: true });
    await writeFile(join(project, "node_modules/numbers-check/package.json"), `${JSON.stringify({ name: "numbers-check", type: "module", main: "index.js" })}\n`);
    await writeFile(join(project, "node_modules/numbers-check/index.js"), "export const same = (a, b) => a === b;\n");
  }
  const cassette = join(root, "cassette.json");
  await writeFile(cassette, `${JSON.stringify({ version: 1, model: "scripted", scripts: scripts(requirements, options.dependency === true) }, null, 2)}\n`);
  const git = (...args) => execFileSync("git", ["-c", "user.name=person", "-c", "user.email=person@example.com", ...args], { cwd: project, encoding: "utf8" });
  git("init", "-q", "-b", "main");
  git("add", "-A");
  git("commit", "-q", "-m", "start");
  return { project, cassette, worktrees, git };
}

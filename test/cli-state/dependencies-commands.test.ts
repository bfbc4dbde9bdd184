import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { defaultStateDir, openStateStore } from "../../src/store/state-store.js";

const MAIN = resolve(import.meta.dirname, "../../dist/main.js");
let project: string;
beforeEach(() => (project = mkdtempSync(join(tmpdir(), "gl-deps-"))));
afterEach(() => rmSync(project, { recursive: true, force: true }));

const cli = (...args: string[]) => spawnSync(process.execPath, [MAIN, ...args], { cwd: project, encoding: "utf8", env: { ...process.env, CI: "true" } });
const write = (name: string, lines: string[]) => writeFileSync(join(project, name), lines.join("\n") + "\n");

const SPEC = [
  "# Shop",
  "## REQ-001: Catalogue",
  "## REQ-002: Cart",
  "Depends on: REQ-001",
  "## REQ-003: Checkout",
  "**Depends on:** REQ-001, REQ-002",
  "## REQ-004: Receipts",
  "- depends on REQ-002 and REQ-003",
];

interface TaskListJson {
  requirements: { id: string; description: string; dependsOn?: string[] }[];
}
const dependsOn = () => Object.fromEntries((JSON.parse(cli("tasks", "--json").stdout) as TaskListJson).requirements.map((r) => [r.id, r.dependsOn ?? []]));

describe("dependencies through plan and tasks", () => {
  it("imports Depends on lines, shows them in tasks and its JSON, and a re-plan updates them", () => {
    write("SPEC.md", SPEC);
    expect(cli("plan", "SPEC.md").status).toBe(0);
    expect(dependsOn()).toEqual({ "REQ-001": [], "REQ-002": ["REQ-001"], "REQ-003": ["REQ-001", "REQ-002"], "REQ-004": ["REQ-002", "REQ-003"] });
    const json = JSON.parse(cli("tasks", "--json").stdout) as TaskListJson;
    expect(json.requirements[2]!.description).toBe("**Depends on:** REQ-001, REQ-002");

    const table = cli("tasks").stdout.split("\n");
    expect(table[0]).toMatch(/^TASK +REQUIREMENT +STATUS +OWNER +TRIES t\/i\/r +AFTER +TITLE$/);
    expect(table[1]).toMatch(/^T-REQ-001 +REQ-001 +pending +- +0\/0\/0 +- +Catalogue$/);
    expect(table[3]).toMatch(/^T-REQ-003 +REQ-003 +pending +- +0\/0\/0 +REQ-001, REQ-002 +Checkout$/);

    write("SPEC.md", ["## REQ-001: Catalogue", "Depends on: REQ-003", "## REQ-002: Cart", "## REQ-003: Checkout", "Depends on REQ-002", "## REQ-004: Receipts", "- depends on REQ-002 and REQ-003"]);
    const replan = cli("plan", "SPEC.md");
    expect(replan.status).toBe(0);
    expect(replan.stdout).toContain("0 added, 3 updated");
    expect(dependsOn()).toEqual({ "REQ-001": ["REQ-003"], "REQ-002": [], "REQ-003": ["REQ-002"], "REQ-004": ["REQ-002", "REQ-003"] });
  });

  it.each([
    ["an id not in the spec", ["## REQ-001: a", "## REQ-002: b", "", "Depends on: REQ-001, REQ-007"], "BAD.md:4: REQ-002 depends on REQ-007, which is not in the spec"],
    ["itself", ["## REQ-001: a", "**Depends on:** REQ-001"], "BAD.md:2: REQ-001 depends on itself"],
    ["a cycle", ["## REQ-001: a", "Depends on: REQ-002", "## REQ-002: b", "Depends on REQ-001"], "BAD.md:2: dependency cycle: REQ-001 -> REQ-002 -> REQ-001 (Depends on at lines 2, 4)"],
  ])("refuses a dependency on %s, naming the file and line, and leaves the state as it was", (_, lines, message) => {
    write("SPEC.md", SPEC);
    expect(cli("plan", "SPEC.md").status).toBe(0);
    write("BAD.md", lines);
    const bad = cli("plan", "BAD.md");
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe(`greenlight: ${message}\n`);
    expect(dependsOn()["REQ-004"]).toEqual(["REQ-002", "REQ-003"]);
  });
});

describe("integration in the matrix", () => {
  it("shows each row's branch and integrated commit only once a row has an integration", async () => {
    write("SPEC.md", SPEC);
    expect(cli("plan", "SPEC.md").status).toBe(0);
    expect(cli("matrix").stdout.split("\n")[0]).not.toContain("BRANCH");

    const store = await openStateStore(defaultStateDir(project), { write: true });
    await store.update((draft) => {
      const [first, second] = draft.matrix.requirements;
      first!.integration = { branch: "greenlight/REQ-001", state: "integrated", attempts: 1, commit: "0123456789abcdef0123456789abcdef01234567", into: "main", at: "2026-12-02T09:00:00.000Z" };
      second!.integration = { branch: "greenlight/REQ-002", state: "sent_back", attempts: 1, summary: "conflict in src/cart.ts" };
    });
    await store.close();

    const table = cli("matrix").stdout.split("\n");
    expect(table[0]).toMatch(/TAMPER ATTEMPTS +BRANCH +INTEGRATED$/);
    expect(table[1]).toMatch(/^REQ-001 .* greenlight\/REQ-001 +0123456 into main$/);
    expect(table[2]).toMatch(/^REQ-002 .* greenlight\/REQ-002 +sent back$/);
    expect(table[3]).toMatch(/^REQ-003 .* 0 +- +-$/);

    expect(cli("matrix", "--format", "md").stdout).toMatch(/\| REQ-001 \| Catalogue \|.*\| greenlight\/REQ-001 \| 0123456 into main \|/);
    const csv = cli("matrix", "--format", "csv").stdout.split("\r\n");
    expect(csv[0]).toMatch(/,integration_branch,integration_state,integrated_commit,integrated_into$/);
    expect(csv[1]).toMatch(/,greenlight\/REQ-001,integrated,0123456789abcdef0123456789abcdef01234567,main$/);
    const json = JSON.parse(cli("matrix", "--format", "json").stdout) as { requirements: { integration?: { commit?: string } }[] };
    expect(json.requirements[0]!.integration?.commit).toBe("0123456789abcdef0123456789abcdef01234567");
  });
});

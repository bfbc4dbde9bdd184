import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { pathWithout } from "../support/path-without-program.js";

const CLI = resolve(import.meta.dirname, "../../dist/main.js");
const CASSETTE = resolve(import.meta.dirname, "../fixtures/cassettes/backend-writes-file.json");
let root: string;
let project: string;
/** This machine's programs, bubblewrap left out: greenlight as it runs where bubblewrap is not installed. */
let pathWithoutBwrap: string;

function run(args: string[], path = process.env.PATH ?? "") {
  const env = { ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("ANTHROPIC_"))), PATH: path };
  return spawnSync(process.execPath, [CLI, ...args], { cwd: project, env, encoding: "utf8", timeout: 60_000 });
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "gl-sandbox-cli-"));
  project = join(root, "project");
  pathWithoutBwrap = join(root, "bin");
  mkdirSync(project);
  pathWithout(pathWithoutBwrap, ["bwrap"]);
  writeFileSync(join(project, "SPEC.md"), "## REQ-001: Add\nadd(a, b) returns the sum.\n");
  writeFileSync(join(project, "package.json"), JSON.stringify({ scripts: { test: "node --test" } }));
  expect(run(["plan", "SPEC.md"]).status).toBe(0);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe("greenlight without bubblewrap", () => {
  it('refuses to run, exit 2, when greenlight.json says "sandbox": "required"', () => {
    writeFileSync(join(project, "greenlight.json"), JSON.stringify({ sandbox: "required" }));
    const result = run(["run", "--headless", "--cassette", CASSETTE], pathWithoutBwrap);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/requires the OS sandbox \("sandbox": "required"\) but it cannot be had here: bubblewrap \(bwrap\) is not installed\. Install bubblewrap/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it("says once, at the start of the run, that commands run unconfined", () => {
    const result = run(["run", "--headless", "--json", "--cassette", CASSETTE], pathWithoutBwrap);
    const warnings = result.stdout.split("\n").filter((line) => line.includes("no OS sandbox"));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain("bubblewrap (bwrap) is not installed: shell commands and gate runs can write anywhere your user can");
  });

  it("names the key and what was expected for a bad network entry", () => {
    writeFileSync(join(project, "greenlight.json"), JSON.stringify({ network: { allow: ["https://registry.npmjs.org/"] } }));
    const result = run(["run", "--headless", "--cassette", CASSETTE]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("greenlight.json: key 'network.allow.0': expected a host name, *.domain or host:port");
  });
});

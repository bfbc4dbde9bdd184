import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ConfigError } from "../../src/domain/config-error.js";
import { resolveRunConfig } from "../../src/run/config.js";
import { detectTestCommand } from "../../src/gates/detect-test-command.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "greenlight-config-"));
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

describe("test command detection", () => {
  it("finds npm test, pytest, go test and cargo test, and nothing in an empty folder", async () => {
    expect(detectTestCommand(dir)).toBeUndefined();
    await writeFile(join(dir, "Cargo.toml"), "");
    expect(detectTestCommand(dir)).toBe("cargo test");
    await writeFile(join(dir, "go.mod"), "");
    expect(detectTestCommand(dir)).toBe("go test ./...");
    await writeFile(join(dir, "pytest.ini"), "");
    expect(detectTestCommand(dir)).toBe("python3 -m pytest");
    await writeFile(join(dir, "package.json"), JSON.stringify({ scripts: { test: "node --test" } }));
    expect(detectTestCommand(dir)).toBe("npm test");
  });

  it("ignores npm's placeholder test script", async () => {
    await writeFile(join(dir, "package.json"), JSON.stringify({ scripts: { test: 'echo "Error: no test specified" && exit 1' } }));
    expect(detectTestCommand(dir)).toBeUndefined();
  });
});

describe("run config", () => {
  it("reads gateTimeout in seconds, 10 minutes unless set, and refuses a timeout that is not a whole positive number", async () => {
    await writeFile(join(dir, "greenlight.json"), JSON.stringify({ testCommand: "t" }));
    expect(resolveRunConfig(dir, {}).gateTimeoutMs).toBe(600_000);
    await writeFile(join(dir, "greenlight.json"), JSON.stringify({ testCommand: "t", gateTimeout: 1800 }));
    expect(resolveRunConfig(dir, {}).gateTimeoutMs).toBe(1_800_000);
    await writeFile(join(dir, "greenlight.json"), JSON.stringify({ testCommand: "t", gateTimeout: "30m" }));
    expect(() => resolveRunConfig(dir, {})).toThrow(/greenlight\.json: key 'gateTimeout': /);
  });

  it("reads contextEditing, unset by default, and refuses a value it does not know", async () => {
    await writeFile(join(dir, "greenlight.json"), JSON.stringify({ testCommand: "t" }));
    expect(resolveRunConfig(dir, {}).contextEditing).toBeUndefined();
    await writeFile(join(dir, "greenlight.json"), JSON.stringify({ testCommand: "t", contextEditing: "api" }));
    expect(resolveRunConfig(dir, {}).contextEditing).toBe("api");
    await writeFile(join(dir, "greenlight.json"), JSON.stringify({ testCommand: "t", contextEditing: "server" }));
    expect(() => resolveRunConfig(dir, {})).toThrow(/greenlight\.json: key 'contextEditing': /);
  });

  it("reads the tools key: WebFetch's allowed hosts and subagent limits, refusing unknown keys by name", async () => {
    await writeFile(join(dir, "greenlight.json"), JSON.stringify({ testCommand: "t", tools: { webFetch: { allowHosts: ["docs.internal"] }, subagents: { maxDepth: 2 } } }));
    expect(resolveRunConfig(dir, {}).tools).toEqual({ webFetch: { allowHosts: ["docs.internal"] }, subagents: { maxDepth: 2 } });
    await writeFile(join(dir, "greenlight.json"), JSON.stringify({ testCommand: "t", tools: { webFetch: { allowedHosts: ["x"] } } }));
    expect(() => resolveRunConfig(dir, {})).toThrow(/greenlight\.json: key 'tools\.webFetch\.allowedHosts': /);
  });

  it("layers flags over greenlight.json over defaults", async () => {
    await writeFile(join(dir, "greenlight.json"), JSON.stringify({ testCommand: "make test", roles: { qa: "tester" }, maxAttempts: { review: 5 } }));
    const config = resolveRunConfig(dir, { backend: "coder" });
    expect(config).toMatchObject({ testCommand: "make test", roles: { qa: "tester", backend: "coder", reviewer: "reviewer" }, maxAttempts: { tests: 3, implement: 3, review: 5 } });
    expect(resolveRunConfig(dir, { testCommand: "npm run unit" }).testCommand).toBe("npm run unit");
  });

  it("names the file and the key of a bad value", async () => {
    await writeFile(join(dir, "greenlight.json"), JSON.stringify({ maxAttempts: { implement: 0 } }));
    expect(() => resolveRunConfig(dir, {})).toThrow(/greenlight\.json: key 'maxAttempts\.implement'/);
  });

  it("takes the instructions key: false, or files to exclude, and names what is wrong with a bad one", async () => {
    await writeFile(join(dir, "greenlight.json"), JSON.stringify({ testCommand: "t", instructions: { exclude: ["AGENTS.md"] } }));
    expect(resolveRunConfig(dir, {}).instructions).toEqual({ exclude: ["AGENTS.md"] });
    await writeFile(join(dir, "greenlight.json"), JSON.stringify({ testCommand: "t", instructions: false }));
    expect(resolveRunConfig(dir, {}).instructions).toBe(false);
    await writeFile(join(dir, "greenlight.json"), JSON.stringify({ testCommand: "t", instructions: { exclude: "AGENTS.md" } }));
    expect(() => resolveRunConfig(dir, {})).toThrow(/greenlight\.json: key 'instructions': expected false \(no instruction files\) or \{ "exclude"/);
  });

  it("refuses unknown keys and broken JSON", async () => {
    await writeFile(join(dir, "greenlight.json"), JSON.stringify({ testComand: "x" }));
    expect(() => resolveRunConfig(dir, {})).toThrow(/key 'testComand'/);
    await writeFile(join(dir, "greenlight.json"), "{ nope");
    expect(() => resolveRunConfig(dir, {})).toThrow(/not valid JSON/);
  });

  it("takes a testReport path inside the project and refuses one outside it", async () => {
    await writeFile(join(dir, "greenlight.json"), JSON.stringify({ testCommand: "./run", testReport: "reports/junit.xml" }));
    expect(resolveRunConfig(dir, {}).testReport).toBe("reports/junit.xml");
    for (const outside of ["/etc/junit.xml", "../junit.xml", "reports/../../junit.xml"]) {
      await writeFile(join(dir, "greenlight.json"), JSON.stringify({ testCommand: "./run", testReport: outside }));
      expect(() => resolveRunConfig(dir, {})).toThrow(/greenlight\.json: key 'testReport': must be a path inside the project/);
    }
  });

  it("says how to fix a missing test command", async () => {
    await mkdir(join(dir, "src"));
    expect(() => resolveRunConfig(dir, {})).toThrow(ConfigError);
    expect(() => resolveRunConfig(dir, {})).toThrow(/--test-command/);
  });
});

import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadAgents, type AgentFileReport } from "../../src/agents/index.js";
import { tempProject } from "./temp-project.js";

async function lint(files: Record<string, string | Uint8Array>): Promise<AgentFileReport[]> {
  const project = await tempProject(files);
  try {
    const paths = Object.keys(files).map((path) => join(project.dir, path));
    return (await loadAgents({ projectDir: project.dir, builtinDir: "/nonexistent", explicitPaths: paths, explicitOnly: true })).files;
  } finally {
    await project.cleanup();
  }
}

async function one(contents: string | Uint8Array): Promise<AgentFileReport> {
  return (await lint({ "agent.md": contents }))[0]!;
}

describe("bad agent files get a clear report, never an exception", () => {
  it("empty file", async () => {
    const report = await one("");
    expect(report.ok).toBe(false);
    expect(report.errors[0]!.message).toMatch(/^empty file/);
  });

  it("binary file", async () => {
    const report = await one(new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 0, 0, 1, 2]));
    expect(report.errors[0]!.message).toMatch(/^binary file/);
  });

  it("unclosed frontmatter names the opening line", async () => {
    const report = await one("---\nname: a\ndescription: b\n");
    expect(report.errors[0]).toEqual({ line: 1, message: expect.stringMatching(/never closed/) });
  });

  it("invalid YAML that is not a key/value mapping", async () => {
    const report = await one("---\n- just\n- a list\n---\nbody\n");
    expect(report.errors[0]).toEqual({ line: 2, message: "frontmatter: expected 'key: value' lines, got a list" });
  });

  it("unquoted ': ' in a value recovers with a warning on the file line", async () => {
    const report = await one("---\nname: a\ndescription: Use it for: everything: really\ntools: [*]\n---\nbody\n");
    expect(report.ok).toBe(true);
    expect(report.agent!.description).toBe("Use it for: everything: really");
    expect(report.agent!.tools.mode).toBe("all");
    expect(report.warnings[0]!.message).toMatch(/not valid YAML/);
  });

  it("wrong types: a list as name is an error naming the key; bad optional values are warnings", async () => {
    const bad = await one("---\nname: [a, b]\ndescription: x\n---\nbody\n");
    expect(bad.errors).toEqual([{ line: 2, message: 'name: expected the agent\'s name as text, got ["a","b"]' }]);
    const lenient = await one("---\nname: a\ndescription: x\nmaxTurns: many\npermissionMode: yolo\ncolor: 3\nhandoffs: nope\ntools: 7\n---\nbody\n");
    expect(lenient.ok).toBe(true);
    const messages = lenient.warnings.map((warning) => `${warning.line}: ${warning.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^4: maxTurns: expected a positive whole number/),
        expect.stringMatching(/^5: permissionMode: expected one of/),
        expect.stringMatching(/^6: color: expected/),
        expect.stringMatching(/^7: handoffs: expected a list/),
        expect.stringMatching(/^8: tools: expected a list or a comma-separated string/),
      ]),
    );
  });

  it("duplicate names in one place are reported on both files", async () => {
    const reports = await lint({ "a.md": "---\nname: twin\ndescription: a\n---\nA\n", "b.md": "---\nname: twin\ndescription: b\n---\nB\n" });
    for (const report of reports) expect(report.warnings.map((warning) => warning.message).join()).toMatch(/agent 'twin' is defined in a\.md and b\.md .*using b\.md/);
  });

  it("a multi-megabyte file is refused quickly without being read", async () => {
    const report = await one("---\nname: big\ndescription: x\n---\n" + "x".repeat(3 * 1024 * 1024));
    expect(report.errors[0]!.message).toMatch(/larger than 2 MB/);
  });

  it("a huge frontmatter is refused by its size cap", async () => {
    const report = await one("---\nname: big\ndescription: " + "y".repeat(200 * 1024) + "\n---\nbody\n");
    expect(report.errors[0]!.message).toMatch(/frontmatter is longer than 64 KB/);
  });

  it("an alias bomb is refused instead of expanding", async () => {
    const levels = ["a: &a [x, x, x, x, x, x, x, x, x, x]"];
    for (let level = 1; level < 9; level++) levels.push(`${String.fromCharCode(97 + level)}: &${String.fromCharCode(97 + level)} [${Array(10).fill(`*${String.fromCharCode(96 + level)}`).join(", ")}]`);
    const report = await one(`---\nname: bomb\ndescription: x\n${levels.join("\n")}\n---\nbody\n`);
    expect(report.ok).toBe(false);
    expect(report.errors[0]!.message).toMatch(/expands to more than/);
  });

  it("__proto__ and constructor keys never reach a prototype", async () => {
    const report = await one("---\nname: p\ndescription: x\n__proto__:\n  polluted: yes\nextra:\n  constructor: {prototype: {polluted: yes}}\n---\nbody\n");
    expect(report.ok).toBe(true);
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
    expect(Object.getPrototypeOf(report.agent!.frontmatter)).toBe(Object.prototype);
    expect(Object.keys(report.agent!.frontmatter)).toEqual(["name", "description", "extra"]);
    expect(report.warnings.map((warning) => warning.message)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^__proto__: this key name is not allowed/), expect.stringMatching(/^extra\.constructor: /)]),
    );
  });

  it("BOM and CRLF are accepted, and unknown keys are kept", async () => {
    const report = await one("\uFEFF---\r\nname: crlf\r\ndescription: first\\nsecond\r\nflavour: mint\r\n---\r\nline one\r\nline two\r\n");
    expect(report.agent!.name).toBe("crlf");
    expect(report.agent!.description).toBe("first\nsecond");
    expect(report.agent!.prompt).toBe("line one\nline two");
    expect(report.agent!.frontmatter["flavour"]).toBe("mint");
  });

  it("a missing file is an error, not an exception", async () => {
    const catalog = await loadAgents({ projectDir: "/", builtinDir: "/nonexistent", explicitPaths: ["/nonexistent/agent.md"], explicitOnly: true });
    expect(catalog.files[0]!.errors).toEqual([{ message: "no such file" }]);
  });
});

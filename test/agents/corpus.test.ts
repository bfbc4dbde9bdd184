import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadAgents } from "../../src/agents/index.js";
import { AGENT_CORPUS as CORPUS } from "./temp-project.js";

describe("the 60-file real-world corpus", () => {
  it("loads at least 58 files and gives every other file a specific, line-numbered error", async () => {
    const catalog = await loadAgents({ projectDir: CORPUS, builtinDir: "/nonexistent", explicitPaths: [CORPUS], explicitOnly: true });
    expect(catalog.files).toHaveLength(60);
    const loaded = catalog.files.filter((report) => report.ok);
    expect(loaded.length).toBeGreaterThanOrEqual(58);
    for (const report of catalog.files.filter((candidate) => !candidate.ok)) {
      expect(report.errors[0]!.message).toMatch(/^no frontmatter: expected line 1 to be '---'/);
      expect(report.errors[0]!.line).toBe(1);
    }
  });

  it("recovers the unindented <example> description of 002 with a warning", async () => {
    const file = join(CORPUS, "002__anthropics__claude-code__plugins--pr-review-toolkit--agents--code-simplifier.md");
    const report = (await loadAgents({ projectDir: CORPUS, builtinDir: "/nonexistent", explicitPaths: [file], explicitOnly: true })).files[0]!;
    expect(report.agent!.name).toBe("code-simplifier");
    expect(report.agent!.description).toContain("<example>");
    expect(report.agent!.description).toContain('user: "Please add authentication');
    expect(report.warnings[0]!.message).toMatch(/not valid YAML .* taking description as plain text/);
    expect(report.warnings[0]!.line).toBeGreaterThan(1);
  });

  it("recovers 008's indented frontmatter and reads opencode boolean tool maps (055)", async () => {
    const files = ["008__0xfurai__claude-code-subagents__agents--sqs-expert.md", "055__darrenhinde__opencode-agents__.opencode--agent--image-specialist.md"].map((name) => join(CORPUS, name));
    const [sqs, image] = (await loadAgents({ projectDir: CORPUS, builtinDir: "/nonexistent", explicitPaths: files, explicitOnly: true })).files;
    expect(sqs!.agent!.name).toBe("sqs-expert");
    expect(sqs!.warnings[0]!.message).toMatch(/indented by 4/);
    expect(image!.dialect).toBe("opencode");
    expect(image!.agent!.tools.capabilities).not.toContain("bash");
    expect(image!.agent!.tools.capabilities).not.toContain("write");
    expect(image!.agent!.tools.capabilities).toContain("read");
  });
});

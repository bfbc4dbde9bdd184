import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CURRENT_MODELS, DEFAULT_MODEL, LATEST_IN_FAMILY, resolveModel } from "../../src/agents/index.js";

const SDK = join(import.meta.dirname, "../../node_modules/@anthropic-ai/sdk/resources/messages");

/** The SDK's own lists, read from its files: src/agents must not import the SDK. */
function sdkModels(): { known: Set<string>; deprecated: Set<string> } {
  const types = readFileSync(join(SDK, "messages.d.ts"), "utf8");
  const union = /export type Model = ([^;]+);/.exec(types)![1]!;
  const known = new Set([...union.matchAll(/'([^']+)'/g)].map((match) => match[1]!));
  const code = readFileSync(join(SDK, "messages.js"), "utf8");
  const table = /const DEPRECATED_MODELS = \{([^}]*)\}/.exec(code)![1]!;
  const deprecated = new Set([...table.matchAll(/'([^']+)'\s*:/g)].map((match) => match[1]!));
  return { known, deprecated };
}

describe("model ids against the installed SDK", () => {
  const { known, deprecated } = sdkModels();

  it("reads a non-trivial model list and deprecation list from the SDK", () => {
    expect(known.size).toBeGreaterThan(5);
    expect(deprecated.size).toBeGreaterThan(0);
  });

  it("every id greenlight can resolve to is one the SDK knows and does not deprecate", () => {
    const ours = new Set([DEFAULT_MODEL, ...CURRENT_MODELS, ...Object.values(LATEST_IN_FAMILY)]);
    for (const id of ours) {
      expect(known.has(id), `${id} is in the SDK's Model type`).toBe(true);
      expect(deprecated.has(id), `${id} is deprecated by the SDK`).toBe(false);
    }
  });

  it("a deprecated id written in a file moves to a current model with a warning", () => {
    for (const id of deprecated) {
      const resolution = resolveModel(id);
      expect(deprecated.has(resolution.model)).toBe(false);
      expect(resolution.warning).toMatch(/not a current Claude model/);
    }
  });
});

describe("resolveModel", () => {
  it.each([
    ["sonnet", LATEST_IN_FAMILY.sonnet],
    ["opus", LATEST_IN_FAMILY.opus],
    ["haiku", LATEST_IN_FAMILY.haiku],
    ["Claude Haiku 4.5 (copilot)", "claude-haiku-4-5"],
    ["Claude Opus 4.6 (copilot)", "claude-opus-4-6"],
    ["claude-opus-4.7", "claude-opus-4-7"],
    ["anthropic/claude-opus-4-8", "claude-opus-4-8"],
    ["INHERIT", "inherit"],
    [["GPT-5.3-Codex", "Claude Sonnet 4.6 (copilot)"], "claude-sonnet-4-6"],
    ["GPT-4.1 | 'gpt-5' | 'Claude Opus 4.5'", "claude-opus-4-5"],
  ])("%j -> %s", (written, expected) => {
    expect(resolveModel(written).model).toBe(expected);
  });

  it("non-Claude models fall back to the workspace model with a warning", () => {
    expect(resolveModel("GPT-4.1", "claude-opus-4-8")).toEqual({ model: "claude-opus-4-8", warning: expect.stringMatching(/'GPT-4.1' is not a Claude model/) });
    expect(resolveModel("github-copilot/gpt-5-mini").model).toBe("inherit");
  });
});

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { hostMatcher } from "../../src/sandbox/host-allow-list.js";
import { resolveRunConfig } from "../../src/run/config.js";

describe("the network allow list", () => {
  const allowed = hostMatcher(["registry.npmjs.org", "*.github.com", "127.0.0.1:8080", "[::1]:9000"]);

  it.each([
    ["registry.npmjs.org", 443, true],
    ["REGISTRY.npmjs.org.", 80, true],
    ["registry.npmjs.org.evil.com", 443, false],
    ["evil-registry.npmjs.org", 443, false],
    ["api.github.com", 443, true],
    ["github.com", 443, false],
    ["127.0.0.1", 8080, true],
    ["127.0.0.1", 8081, false],
    ["127.1", 8080, false],
    ["::1", 9000, true],
    ["[::1]", 9000, true],
    ["localhost", 8080, false],
  ])("%s:%i allowed: %s", (host, port, expected) => {
    expect(allowed(host, port)).toBe(expected);
  });
});

describe("greenlight.json's sandbox keys", () => {
  it("default to the sandbox on when it can be had, no network, nothing extra", () => {
    const dir = mkdtempSync(join(tmpdir(), "gl-sandbox-config-"));
    try {
      writeFileSync(join(dir, "greenlight.json"), JSON.stringify({ testCommand: "true" }));
      expect(resolveRunConfig(dir, {}).sandbox).toEqual({ mode: "auto", allowHosts: [], denyRead: [], allowWrite: [], readOnly: [] });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("read the mode, the hosts and the paths (~ is the home, a relative path is in the project)", () => {
    const dir = mkdtempSync(join(tmpdir(), "gl-sandbox-config-"));
    try {
      writeFileSync(
        join(dir, "greenlight.json"),
        JSON.stringify({ testCommand: "true", sandbox: "required", network: { allow: ["registry.npmjs.org"] }, filesystem: { denyRead: ["~/.config/work-tokens", "config/prod.env"], allowWrite: ["~/.npm"] } }),
      );
      expect(resolveRunConfig(dir, {}).sandbox).toEqual({
        mode: "required",
        allowHosts: ["registry.npmjs.org"],
        denyRead: [join(homedir(), ".config/work-tokens"), join(dir, "config/prod.env")],
        allowWrite: [join(homedir(), ".npm")],
        readOnly: [],
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("refuse an unknown mode naming the key", () => {
    const dir = mkdtempSync(join(tmpdir(), "gl-sandbox-config-"));
    try {
      writeFileSync(join(dir, "greenlight.json"), JSON.stringify({ sandbox: "always" }));
      expect(() => resolveRunConfig(dir, {})).toThrow(/greenlight.json: key 'sandbox': .*"auto"\|"required"\|"off"/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, dirname, resolve, sep } from "node:path";
import { describe, expect, it } from "vitest";

const SRC = resolve(import.meta.dirname, "../../src");

/** Which src folders each folder may import (besides itself and node: builtins). */
const ALLOWED_LAYERS: Record<string, string[]> = {
  domain: [],
  events: ["domain"],
  agents: ["domain", "permissions"],
  permissions: ["domain"],
  provider: ["domain", "store"],
  sandbox: [],
  files: [],
  doctor: ["domain", "agents", "gates", "mcp", "process", "provider", "sandbox"],
  init: ["domain", "agents", "files", "gates", "context", "mcp", "plan", "store"],
  process: ["domain", "sandbox"],
  store: ["domain"],
  plan: ["domain"],
  tools: ["domain", "process", "files"],
  "context-window": ["domain", "provider"],
  runtime: ["domain", "provider", "tools", "process", "agents", "permissions", "context-window"],
  context: ["domain", "agents", "tools", "files"],
  project: ["domain", "process", "store", "files"],
  mcp: ["domain", "process", "tools", "agents"],
  gates: ["domain", "process", "project", "store", "tools"],
  workflow: ["domain", "gates", "project"],
  person: ["domain", "events", "runtime", "workflow"],
  run: ["domain", "sandbox", "permissions", "runtime", "store", "events", "process", "tools", "provider", "agents", "project", "gates", "workflow", "person", "context", "mcp", "context-window"],
  sinks: ["domain", "events"],
  tui: ["domain", "events"],
  /** The report is a sink: it reads the state and the run logs (through the store) and never runs anything. */
  report: ["domain", "store"],
  /** Re-proving the matrix: one gate run (the gates' runner and ledger rules) judged against the rows. */
  verify: ["domain", "gates", "process"],
  cli: ["*"],
  ".": ["*"],
};

/** Each third-party library has one home folder (zod is the schema language, allowed everywhere). */
const LIBRARY_HOMES: Record<string, string> = {
  "@anthropic-ai/sdk": "provider",
  execa: "process",
  lowdb: "store",
  "gray-matter": "agents",
  "js-yaml": "agents",
  "neo-blessed": "tui",
  "string-width": "tui",
  picomatch: "tools",
  "@modelcontextprotocol/sdk": "mcp",
  "fast-xml-parser": "gates",
  turndown: "tools",
  "ipaddr.js": "tools",
  ignore: "files",
  diff2html: "report",
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith(".ts") ? [path] : [];
  });
}

function layerOf(file: string): string {
  const rel = relative(SRC, file);
  return rel.includes(sep) ? rel.split(sep)[0]! : ".";
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const found: string[] = [];
  for (const match of text.matchAll(/(?:^|\n)\s*(?:import|export)[^"'`;]*?from\s*["']([^"']+)["']/g)) found.push(match[1]!);
  for (const match of text.matchAll(/import\(\s*["']([^"']+)["']\s*\)/g)) found.push(match[1]!);
  return found;
}

const files = sourceFiles(SRC);

describe("import rules", () => {
  it("finds the source", () => {
    expect(files.length).toBeGreaterThan(5);
  });

  it("keeps every layer to the layers it may see", () => {
    const violations: string[] = [];
    for (const file of files) {
      const layer = layerOf(file);
      const allowed = ALLOWED_LAYERS[layer];
      if (!allowed) {
        violations.push(`${relative(SRC, file)}: folder '${layer}' has no import rule`);
        continue;
      }
      for (const spec of importsOf(file)) {
        if (!spec.startsWith(".")) continue;
        const target = layerOf(resolve(dirname(file), spec));
        if (target === layer || allowed.includes("*") || allowed.includes(target)) continue;
        violations.push(`${relative(SRC, file)} imports ${spec} (${layer} may not see ${target})`);
      }
    }
    expect(violations).toEqual([]);
  });

  it("imports each third-party library from its one home", () => {
    const violations: string[] = [];
    for (const file of files) {
      for (const spec of importsOf(file)) {
        if (spec.startsWith(".") || spec.startsWith("node:") || spec === "zod") continue;
        const pkg = spec.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : spec.split("/")[0]!;
        const home = LIBRARY_HOMES[pkg];
        if (home === undefined) violations.push(`${relative(SRC, file)} imports ${pkg}, which has no home folder`);
        else if (layerOf(file) !== home) violations.push(`${relative(SRC, file)} imports ${pkg} (only src/${home}/ may)`);
      }
    }
    expect(violations).toEqual([]);
  });

  it("has no import cycles", () => {
    const graph = new Map(files.map((file) => [file, importsOf(file).filter((spec) => spec.startsWith(".")).map((spec) => resolve(dirname(file), spec).replace(/\.js$/, ".ts"))]));
    const cycles: string[] = [];
    const state = new Map<string, "open" | "done">();
    const visit = (file: string, path: string[]): void => {
      if (state.get(file) === "done") return;
      if (state.get(file) === "open") {
        cycles.push([...path.slice(path.indexOf(file)), file].map((step) => relative(SRC, step)).join(" -> "));
        return;
      }
      state.set(file, "open");
      for (const next of graph.get(file) ?? []) visit(next, [...path, file]);
      state.set(file, "done");
    };
    for (const file of files) visit(file, []);
    expect(cycles).toEqual([]);
  });

  it("lets nothing but the CLI import the run wiring", () => {
    const bad = files
      .filter((file) => !["run", "cli", "."].includes(layerOf(file)))
      .flatMap((file) => importsOf(file).filter((spec) => spec.startsWith(".") && layerOf(resolve(dirname(file), spec)) === "run").map((spec) => `${relative(SRC, file)} -> ${spec}`));
    expect(bad).toEqual([]);
  });

  it("keeps the engine free of UI imports", () => {
    const engine = ["files", "context", "context-window", "agents", "mcp", "provider", "process", "tools", "runtime", "project", "gates", "workflow", "person", "run", "store", "events", "domain", "verify"];
    const bad = files
      .filter((file) => engine.includes(layerOf(file)))
      .flatMap((file) => importsOf(file).filter((spec) => /\/(tui|sinks|cli|report)\//.test(spec)).map((spec) => `${relative(SRC, file)} -> ${spec}`));
    expect(bad).toEqual([]);
  });

  it("keeps the report a sink: it reads state and run logs and imports no engine code", () => {
    const engine = ["context", "context-window", "agents", "mcp", "provider", "process", "tools", "runtime", "project", "gates", "workflow", "person", "run", "events", "sandbox", "permissions", "plan"];
    const bad = files
      .filter((file) => layerOf(file) === "report")
      .flatMap((file) => importsOf(file).filter((spec) => spec.startsWith(".") && engine.includes(layerOf(resolve(dirname(file), spec)))).map((spec) => `${relative(SRC, file)} -> ${spec}`));
    expect(files.some((file) => layerOf(file) === "report")).toBe(true);
    expect(bad).toEqual([]);
  });
});

import { readFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { parse, type DefaultTreeAdapterMap } from "parse5";
import { afterAll, describe, expect, it } from "vitest";
import type { RunEvent } from "../../src/domain/events.js";
import type { TraceRow } from "../../src/domain/traceability.js";
import { renderReport } from "../../src/report/report-page.js";
import { greenlight, runDemo } from "../support/report-scenarios.js";

/** The report as a file: parsed with a real HTML parser, it references nothing outside itself and runs no script it did not bring. */

type Node = DefaultTreeAdapterMap["node"];
type Element = DefaultTreeAdapterMap["element"];

function elements(node: Node): Element[] {
  const children = "childNodes" in node ? (node.childNodes as Node[]) : [];
  const own = "tagName" in node ? [node as Element] : [];
  const template = "content" in node ? elements((node as DefaultTreeAdapterMap["template"]).content) : [];
  return [...own, ...children.flatMap(elements), ...template];
}

const textOf = (element: Element) => element.childNodes.map((child) => ("value" in child ? child.value : "")).join("");

/** Every way a page reaches outside itself: attributes that load or link, and CSS that imports or fetches. */
function externalReferences(html: string): string[] {
  const found: string[] = [];
  const outside = (value: string) => /^\s*(https?:|\/\/|ftp:|file:|javascript:)/i.test(value);
  const cssOutside = (css: string) => [...css.matchAll(/@import[^;]*/gi)].map((match) => match[0]).concat([...css.matchAll(/url\(\s*['"]?([^'")]*)/gi)].map((match) => match[1]!).filter((target) => !target.startsWith("data:") && !target.startsWith("#")));
  for (const element of elements(parse(html))) {
    for (const attribute of element.attrs) {
      if (["src", "href", "action", "formaction", "srcset", "poster", "data", "background", "xlink:href", "ping"].includes(attribute.name) && outside(attribute.value)) found.push(`<${element.tagName} ${attribute.name}="${attribute.value}">`);
      if (attribute.name === "style") found.push(...cssOutside(attribute.value));
    }
    if (element.tagName === "style") found.push(...cssOutside(textOf(element)));
    if (element.tagName === "link") found.push(`<link rel="${element.attrs.find((attribute) => attribute.name === "rel")?.value ?? ""}">`);
    if (element.tagName === "script" && element.attrs.some((attribute) => attribute.name === "src")) found.push("<script src>");
  }
  return found;
}

const roots: string[] = [];
afterAll(async () => {
  for (const root of roots) await rm(root, { recursive: true, force: true });
});

const HOSTILE = `</td><script>window.pwned=1</script><img src=x onerror="window.pwned=1"><a href="javascript:alert(1)">x</a>{{x}}`;

function hostileRow(): TraceRow {
  const gate = { command: `npm test ${HOSTILE}`, exitCode: 0, at: "2026-01-01T00:00:01.000Z", durationMs: 5, summary: HOSTILE, evidence: "report" as const, passed: true };
  return {
    id: `REQ-1"><script>x</script>`,
    title: HOSTILE,
    status: "approved",
    tests: { files: [`test/${HOSTILE}.js`], names: [HOSTILE], digests: {} },
    code: [HOSTILE],
    gates: { red: { ...gate, exitCode: 1 }, green: gate },
    reviews: [{ verdict: "approve", summary: HOSTILE, findings: [HOSTILE], by: HOSTILE, at: "2026-01-01T00:00:02.000Z" }],
    tamperAttempts: 1,
    tamperNotes: [HOSTILE],
    knownFailures: [{ test: HOSTILE, since: "2026-01-01T00:00:00.000Z" }],
    flakyTests: [{ test: HOSTILE, times: 1, locked: true, at: "2026-01-01T00:00:00.000Z" }],
    changedSinceApproval: { at: "2026-01-02T00:00:00.000Z", title: HOSTILE, description: HOSTILE },
    verification: { at: "2026-01-03T00:00:00.000Z", holds: false, reasons: [`test failing: ${HOSTILE}`] },
  };
}

describe("the report file", () => {
  it("references nothing outside itself (the demo's report, parsed)", { timeout: 120_000 }, () => {
    const demo = runDemo();
    roots.push(demo.root);
    const out = join(demo.root, "report.html");
    greenlight(["report", "--project", demo.project, "--out", out]);
    const html = readFileSync(out, "utf8");
    expect(externalReferences(html)).toEqual([]);
    const scripts = elements(parse(html)).filter((element) => element.tagName === "script");
    expect(scripts).toHaveLength(1);
    expect(html).toContain("d2h-file-wrapper");
    // The check itself catches what it looks for.
    expect(externalReferences(`<link rel="stylesheet" href="x.css"><img src="https://e.com/a.png"><style>@import "x.css"; a{background:url(http://e.com/b.png)}</style>`)).toHaveLength(4);
  });

  it("escapes what agents and specs wrote: no markup, script or handler gets through", () => {
    const row = hostileRow();
    const at = "2026-01-01T00:00:00.500Z";
    const envelope = { v: 1 as const, runId: "run-1", requirement: row.id };
    const events = [
      { ...envelope, seq: 0, at, type: "session_started", agent: HOSTILE, model: HOSTILE, prompt: HOSTILE },
      { ...envelope, seq: 1, at, type: "tamper_refused", agent: HOSTILE, caught: "tool", kind: "locked_test", files: [HOSTILE], tests: [HOSTILE], reason: HOSTILE, attempts: 1 },
      { ...envelope, seq: 2, at, type: "gate_finished", gate: "green", command: HOSTILE, passed: true, exitCode: 0, durationMs: 3, summary: HOSTILE, outputTail: HOSTILE },
    ] as RunEvent[];
    const diff = `diff --git a/${HOSTILE} b/${HOSTILE}\n--- a/x.js\n+++ b/x.js\n@@ -1 +1 @@\n-${HOSTILE}\n+${HOSTILE}\n`;
    const html = renderReport({
      project: HOSTILE,
      generatedAt: at,
      requirements: [{ id: row.id, title: HOSTILE, description: HOSTILE, source: { file: HOSTILE, line: 1 }, criteria: [{ id: HOSTILE, text: HOSTILE }] }],
      tasks: [],
      rows: [row],
      runs: [{ id: "run-1", events }],
      diffs: new Map([[row.id, diff]]),
    });
    const all = elements(parse(html));
    expect(all.filter((element) => element.tagName === "script")).toHaveLength(1);
    expect(all.filter((element) => element.tagName === "img")).toEqual([]);
    expect(all.flatMap((element) => element.attrs.filter((attribute) => attribute.name.startsWith("on")))).toEqual([]);
    expect(externalReferences(html)).toEqual([]);
    // Shown as text, where a reader sees it, and flagged first.
    expect(html).toContain("&lt;script&gt;window.pwned=1&lt;/script&gt;");
    expect(html.indexOf("No longer verifies")).toBeLessThan(html.indexOf('id="matrix"'));
    expect(html.indexOf("Known failures (failing before this work)")).toBeGreaterThan(0);
  });
});

import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { RECORD_SUFFIX, type FileRecord } from "./policy.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** The suite's own temp folder: each test file gets a folder in it as its TMPDIR (per-file.ts). */
    suiteTmp: string;
  }
}

/**
 * The suite's temp folder, made before the first test file and, after the last, summed up and removed:
 * every folder a test file left is listed with the file that left it, so the run's end says plainly who
 * does not clean up. Product scratch folders have already failed their file (per-file.ts).
 */
export default function setup(project: TestProject): () => void {
  const root = mkdtempSync(join(tmpdir(), "greenlight-suite-"));
  project.provide("suiteTmp", root);
  return () => {
    const records = existsSync(root) ? readdirSync(root).filter((name) => name.endsWith(RECORD_SUFFIX)) : [];
    const lines: string[] = [];
    for (const name of records) {
      const record = JSON.parse(readFileSync(join(root, name), "utf8")) as FileRecord;
      for (const leftover of record.leftovers) lines.push(`  ${leftover.kind === "product" ? "FAIL" : "warn"} ${record.file}: ${leftover.name}${leftover.kind === "held" ? " (runner not closed)" : ""}`);
    }
    // A folder with no record: its file's worker died before its last hook.
    const unrecorded = existsSync(root) ? readdirSync(root).filter((name) => !name.endsWith(RECORD_SUFFIX) && !records.includes(`${name}${RECORD_SUFFIX}`)) : [];
    for (const dir of unrecorded) for (const name of readdirSync(join(root, dir))) lines.push(`  warn (a test file whose worker ended early): ${name}`);
    if (lines.length > 0) process.stdout.write(`\ntemp folder check: ${lines.length} temp folder(s) left by test files (removed now):\n${lines.join("\n")}\n`);
    else process.stdout.write("\ntemp folder check: no test file left a temp folder behind\n");
    rmSync(root, { recursive: true, force: true });
  };
}

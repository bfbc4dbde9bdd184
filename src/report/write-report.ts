import { mkdir, rename, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { loadReportInput } from "./load-report-input.js";
import { renderReport } from "./report-page.js";

export interface WriteReportOptions {
  stateDir: string;
  project: string;
  out: string;
  diffs: ReadonlyMap<string, string>;
  onNotice?: (message: string) => void;
}

/** Writes the report next to where it goes and renames it over: a reader never opens half a file. */
export async function writeReport(options: WriteReportOptions): Promise<{ path: string; bytes: number }> {
  const input = await loadReportInput(options.stateDir, options.project, options.diffs, options.onNotice);
  const html = renderReport(input);
  await mkdir(dirname(options.out), { recursive: true });
  const partial = `${options.out}.${process.pid}.partial`;
  await writeFile(partial, html, "utf8");
  await rename(partial, options.out);
  return { path: options.out, bytes: Buffer.byteLength(html) };
}

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { html as diffToHtml } from "diff2html";
import { escapeHtml } from "./escape-html.js";

const MAX_DIFF_CHARS = 200_000;

/** diff2html's stylesheet, inlined into the page (the report loads nothing from anywhere). */
export function diffStylesheet(): string {
  const require = createRequire(import.meta.url);
  return readFileSync(require.resolve("diff2html/bundles/css/diff2html.min.css"), "utf8");
}

/**
 * A diff taken from snapshots (a project outside git) has bare `---`/`+++` headers; diff2html reads a
 * file added or deleted there as renamed from /dev/null. Git's own header lines say what it is.
 */
function withGitHeaders(diff: string): string {
  if (diff.startsWith("diff --git ")) return diff;
  const lines = diff.split("\n");
  const out: string[] = [];
  // Lines still due in the current hunk: a removed "-- x" reads "--- x" there and is no header.
  let oldDue = 0;
  let newDue = 0;
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    const next = lines[index + 1];
    if (oldDue > 0 || newDue > 0) {
      if (line.startsWith("-")) oldDue--;
      else if (line.startsWith("+")) newDue--;
      else {
        oldDue--;
        newDue--;
      }
      out.push(line);
      continue;
    }
    const hunk = /^@@ -\d+(?:,(\d+))? \+\d+(?:,(\d+))? @@/.exec(line);
    if (hunk) {
      oldDue = Number(hunk[1] ?? 1);
      newDue = Number(hunk[2] ?? 1);
    } else if (line.startsWith("--- ") && next?.startsWith("+++ ")) {
      const before = line.slice(4);
      const after = next.slice(4);
      const path = (after === "/dev/null" ? before : after).replace(/^[ab]\//, "");
      out.push(`diff --git a/${path} b/${path}`);
      if (before === "/dev/null") out.push("new file mode 100644");
      if (after === "/dev/null") out.push("deleted file mode 100644");
    }
    out.push(line);
  }
  return out.join("\n");
}

/**
 * A requirement's change as diff2html renders it: line by line, with a list of the files. diff2html
 * escapes file names and lines itself; a diff too long for a page is cut at a file boundary and says so.
 */
export function renderDiff(diff: string | undefined): string {
  if (diff === undefined) return `<p class="muted">No diff: the requirement has not started, or its starting point was not kept.</p>`;
  if (diff.trim() === "") return `<p class="muted">No change.</p>`;
  let shown = diff;
  let cut = "";
  if (diff.length > MAX_DIFF_CHARS) {
    const boundary = diff.lastIndexOf("\ndiff --git ", MAX_DIFF_CHARS);
    shown = diff.slice(0, boundary > 0 ? boundary : MAX_DIFF_CHARS);
    cut = `<p class="warn">The diff is ${escapeHtml(String(diff.length))} characters; the first ${escapeHtml(String(shown.length))} are shown.</p>`;
  }
  const rendered = diffToHtml(withGitHeaders(shown), { outputFormat: "line-by-line", drawFileList: true, matching: "none", renderNothingWhenEmpty: false });
  // diff2html's templates indent every tag; the indentation between tags is most of a report's bytes.
  // Only runs holding a line break go: a diff's own lines never hold one, so their spaces stay.
  return `<div class="diff">${rendered.replace(/>\s*\n\s*</g, "><")}</div>${cut}`;
}

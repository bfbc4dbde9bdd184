import { createHash } from "node:crypto";
import { ATTENTION_TITLES, type AttentionItem, type AttentionKind } from "./attention.js";
import { anchorId, escapeHtml as e } from "./escape-html.js";
import { cost, duration } from "./format.js";
import { diffStylesheet } from "./render-diff.js";
import { renderMatrix } from "./render-matrix.js";
import { renderRequirement } from "./render-requirement.js";
import { renderTimeline } from "./render-timeline.js";
import type { ReportInput } from "./report-input.js";
import { REPORT_SCRIPT } from "./report-script.js";
import { REPORT_STYLE } from "./report-style.js";
import { reportView } from "./requirement-facts.js";

function attentionSection(items: readonly AttentionItem[]): string {
  if (items.length === 0) return `<section class="attention clear" id="attention"><h2>Before you read on</h2><p>Nothing to flag: no row approved on the exit code alone, no known failure, no flaky test, no requirement changed since approval, no row that failed to verify.</p></section>`;
  const groups = (Object.keys(ATTENTION_TITLES) as AttentionKind[])
    .map((kind) => {
      const inGroup = items.filter((item) => item.kind === kind);
      if (inGroup.length === 0) return "";
      const lines = inGroup.map((item) => `<li><a href="#${anchorId(item.requirement)}" class="open-detail" data-target="${anchorId(item.requirement)}">${e(item.requirement)}</a>: ${e(item.text)}</li>`);
      return `<h3>${e(ATTENTION_TITLES[kind])} (${inGroup.length})</h3><ul>${lines.join("")}</ul>`;
    })
    .join("");
  return `<section class="attention" id="attention"><h2>Before you read on</h2>${groups}</section>`;
}

const CONTROLS = `<div class="controls"><span>Show:</span><button type="button" class="filter" data-filter="all" aria-pressed="true">All</button><button type="button" class="filter" data-filter="attention" aria-pressed="false">Needs attention</button><button type="button" class="filter" data-filter="approved" aria-pressed="false">Approved</button><button type="button" class="filter" data-filter="open" aria-pressed="false">Not approved</button><input id="search" type="search" placeholder="Filter by id, title, file…" aria-label="Filter the matrix"><span id="shown-count" class="muted"></span></div>`;

/**
 * The whole report as one HTML document: styles and script inline, nothing fetched. The content
 * security policy allows only that one script (by its hash), so markup that slipped past escaping could
 * still not run, and forbids every network request.
 */
export function renderReport(input: ReportInput): string {
  const view = reportView(input);
  const approved = input.rows.filter((row) => row.status === "approved").length;
  const spent = view.facts.sessions.reduce((sum, session) => sum + session.costUsd, 0);
  const scriptHash = createHash("sha256").update(REPORT_SCRIPT).digest("base64");
  const policy = `default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-${scriptHash}'; img-src data:; base-uri 'none'; form-action 'none'`;
  const span = view.facts.start && view.facts.end ? duration(Date.parse(view.facts.end) - Date.parse(view.facts.start)) : "-";
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${e(policy)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>greenlight report: ${e(input.project)}</title>
<style>${diffStylesheet()}</style>
<style>${REPORT_STYLE}</style>
</head><body>
<header><h1>greenlight report</h1><p class="muted">${e(input.project)} · generated ${e(input.generatedAt)} · ${approved}/${input.rows.length} approved · ${view.facts.sessions.length} session(s) · ${e(cost(spent))} · ${input.runs.length} run(s) over ${e(span)}</p></header>
${attentionSection(view.attention)}
<h2 id="matrix-title">Traceability matrix</h2>
${CONTROLS}
${renderMatrix(view.requirements)}
<h2>Run timeline</h2>
${renderTimeline(view.facts, input.runs.map((run) => run.id))}
<h2>Requirements</h2>
${view.requirements.map(renderRequirement).join("\n")}
<script>${REPORT_SCRIPT}</script>
</body></html>
`;
}

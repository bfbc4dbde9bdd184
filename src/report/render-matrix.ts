import { anchorId, escapeHtml as e } from "./escape-html.js";
import { cost, duration, gatePassed, gateWords } from "./format.js";
import type { RequirementView } from "./requirement-facts.js";

interface Cell {
  html: string;
  /** What the column sorts by (text, or a number written as one). */
  sort: string;
  numeric?: boolean;
}

const text = (value: string): Cell => ({ html: e(value), sort: value });
const number = (value: number, shown: string = String(value)): Cell => ({ html: e(shown), sort: String(value), numeric: true });

function gateCell(label: string, gate: Parameters<typeof gateWords>[0]): string {
  const passed = gatePassed(gate);
  const state = passed === undefined ? "none" : passed ? "pass" : "fail";
  return `<span class="gate gate-${state}">${e(label)}: ${e(gateWords(gate))}</span>`;
}

function verifiedCell(view: RequirementView): Cell {
  const verification = view.row.verification;
  if (!verification) return text("-");
  return { html: `<span class="${verification.holds ? "ok" : "bad"}">${verification.holds ? "holds" : "does not hold"}</span>`, sort: verification.holds ? "holds" : "does not hold" };
}

function cellsOf(view: RequirementView): Cell[] {
  const { row } = view;
  const last = row.reviews.at(-1);
  const known = (row.knownFailures ?? []).filter((failure) => failure.fixedAt === undefined).length;
  const flaky = (row.flakyTests ?? []).length;
  const gates = [gateCell("red", row.gates.red), gateCell("green", row.gates.green), ...(row.integrationGate ? [gateCell("integration", row.integrationGate)] : [])].join("<br>");
  return [
    { html: `<a href="#${anchorId(row.id)}" class="open-detail" data-target="${anchorId(row.id)}">${e(row.id)}</a>`, sort: row.id },
    text(row.title),
    { html: `<span class="status status-${e(row.status)}">${e(row.status)}</span>`, sort: row.status },
    text(row.gates.green?.evidence ?? row.gates.red?.evidence ?? "-"),
    { html: `${e(String(row.tests.names.length))} test(s)<br><span class="files">${row.tests.files.map(e).join("<br>") || "-"}</span>`, sort: String(row.tests.names.length), numeric: true },
    { html: `<span class="files">${row.code.map(e).join("<br>") || "-"}</span>`, sort: row.code.join(" ") },
    { html: gates, sort: gateWords(row.gates.green) },
    text(last ? `${last.verdict === "approve" ? "approved" : "changes requested"} by ${last.by}` : "-"),
    number(row.tamperAttempts ?? 0),
    { html: `${known ? `<span class="warn">${known} known</span>` : "0 known"}<br>${flaky ? `<span class="warn">${flaky} flaky</span>` : "0 flaky"}`, sort: String(known + flaky), numeric: true },
    number(view.costUsd, cost(view.costUsd)),
    number(view.workMs, duration(view.workMs)),
    verifiedCell(view),
  ];
}

const HEADERS = ["ID", "Title", "Status", "Evidence", "Tests", "Code", "Gates", "Review", "Tamper attempts", "Known failures / flaky", "Cost", "Time", "Verified"];

/** The matrix: one row per requirement, each cell carrying the value its column sorts by. */
export function renderMatrix(views: readonly RequirementView[]): string {
  const head = HEADERS.map((header, index) => `<th><button type="button" class="sort" data-column="${index}">${e(header)}</button></th>`).join("");
  const body = views
    .map((view) => {
      const cells = cellsOf(view)
        .map((cell) => `<td data-sort="${e(cell.sort)}"${cell.numeric ? ' data-numeric="1"' : ""}>${cell.html}</td>`)
        .join("");
      const attention = view.attention.length > 0 ? "1" : "0";
      return `<tr class="matrix-row" data-id="${e(view.row.id)}" data-status="${e(view.row.status)}" data-attention="${attention}">${cells}</tr>`;
    })
    .join("\n");
  return `<table id="matrix"><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

/** The report's own stylesheet (diff2html's is inlined beside it); a print stylesheet drops the controls. */
export const REPORT_STYLE = `
:root { --fg:#1d1f23; --muted:#667; --ok:#1a7f37; --bad:#c62828; --warn:#a15c00; --line:#d8dbe0; --bg2:#f5f6f8; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); margin: 0 auto; padding: 16px 24px; max-width: 1400px; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 18px; margin: 28px 0 8px; border-bottom: 1px solid var(--line); } h3 { font-size: 15px; } h4 { margin: 12px 0 4px; font-size: 14px; } h5 { margin: 8px 0 2px; font-size: 13px; }
.muted { color: var(--muted); } .ok { color: var(--ok); } .bad { color: var(--bad); font-weight: 600; } .warn { color: var(--warn); font-weight: 600; }
.pre { white-space: pre-wrap; } code { font: 12px ui-monospace, Menlo, Consolas, monospace; background: var(--bg2); padding: 0 3px; word-break: break-all; }
table { border-collapse: collapse; width: 100%; } th, td { border: 1px solid var(--line); padding: 4px 6px; vertical-align: top; text-align: left; }
th { background: var(--bg2); } th button.sort { all: unset; cursor: pointer; font-weight: 600; } th button.sort::after { content: " \\2195"; color: var(--muted); }
td:first-child { white-space: nowrap; }
.files { font: 12px ui-monospace, Menlo, Consolas, monospace; word-break: break-all; }
.status { padding: 0 4px; border-radius: 3px; background: var(--bg2); white-space: nowrap; } .status-approved { background: #dcf5e3; color: var(--ok); } .status-blocked, .status-removed { background: #fde2e2; color: var(--bad); }
.gate { white-space: nowrap; font-size: 12px; } .gate-pass { color: var(--ok); } .gate-fail { color: var(--bad); } .gate-none { color: var(--muted); }
.attention { border: 2px solid var(--bad); border-radius: 6px; padding: 8px 14px; background: #fff6f6; } .attention.clear { border-color: var(--ok); background: #f4fbf6; }
.callout { border-left: 4px solid var(--warn); padding: 4px 10px; background: #fff8ec; }
.controls { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; margin: 8px 0; } .controls button { padding: 3px 10px; border: 1px solid var(--line); background: #fff; border-radius: 4px; cursor: pointer; } .controls button[aria-pressed="true"] { background: var(--fg); color: #fff; }
.controls input { padding: 3px 8px; border: 1px solid var(--line); border-radius: 4px; min-width: 16em; }
tr.hidden { display: none; }
details.requirement { border: 1px solid var(--line); border-radius: 6px; margin: 8px 0; padding: 6px 12px; } details.requirement > summary { cursor: pointer; font-size: 15px; }
.gate-run, .review { border-top: 1px dashed var(--line); padding: 4px 0; } .tail pre { background: var(--bg2); padding: 6px; overflow-x: auto; font-size: 12px; white-space: pre-wrap; }
.timeline { margin: 8px 0 16px; } .lane { display: flex; align-items: center; height: 22px; } .lane-name { width: 140px; font-size: 12px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.lane-track { position: relative; flex: 1; height: 16px; background: var(--bg2); border-radius: 3px; } .bar { position: absolute; top: 2px; height: 12px; border-radius: 2px; background: #4a78c2; }
.bar.gate-pass { background: var(--ok); } .bar.gate-fail { background: var(--bad); }
.diff { font-size: 12px; overflow-x: auto; }
@media print {
  .controls, th button.sort::after { display: none; } body { max-width: none; padding: 0; font-size: 11px; }
  tr.hidden { display: table-row; } details.requirement { break-inside: avoid-page; } a { color: inherit; text-decoration: none; }
  .attention { break-inside: avoid; }
}
`;

import { escapeHtml as e } from "./escape-html.js";
import { duration } from "./format.js";
import type { RunFacts } from "./run-facts.js";

interface Bar {
  lane: string;
  label: string;
  kind: string;
  from: number;
  to: number;
}

const SHOWN_RUNS = 10;

function barsOf(facts: RunFacts, run: string): Bar[] {
  const parallel = facts.parallelRuns.has(run);
  const bars: Bar[] = [];
  for (const session of facts.sessions.filter((candidate) => candidate.run === run)) {
    const from = Date.parse(session.startedAt);
    const to = session.finishedAt ? Date.parse(session.finishedAt) : from + session.durationMs;
    const lane = parallel ? (session.requirement ?? "run") : session.agent;
    bars.push({ lane, label: `${session.agent}${session.requirement ? ` · ${session.requirement}` : ""}`, kind: "session", from, to });
  }
  for (const gate of facts.gates.filter((candidate) => candidate.run === run)) {
    const to = Date.parse(gate.at);
    const from = gate.startedAt ? Date.parse(gate.startedAt) : to - gate.durationMs;
    bars.push({ lane: parallel ? gate.requirement : "gates", label: `${gate.gate} gate · ${gate.requirement}`, kind: `gate ${gate.passed ? "gate-pass" : "gate-fail"}`, from, to });
  }
  return bars.filter((bar) => Number.isFinite(bar.from) && Number.isFinite(bar.to));
}

/**
 * Who did what when, one chart per run: a lane per agent (and one for the gates) when requirements ran
 * one at a time, a lane per requirement when they ran in parallel lanes.
 */
export function renderTimeline(facts: RunFacts, runs: readonly string[]): string {
  const charts = runs.slice(-SHOWN_RUNS).map((run) => {
    const bars = barsOf(facts, run);
    if (bars.length === 0) return "";
    const start = Math.min(...bars.map((bar) => bar.from));
    const end = Math.max(...bars.map((bar) => bar.to), start + 1);
    const span = end - start;
    const lanes = [...new Set(bars.map((bar) => bar.lane))];
    const rows = lanes.map((lane) => {
      const inLane = bars
        .filter((bar) => bar.lane === lane)
        .map((bar) => {
          const left = ((bar.from - start) / span) * 100;
          const width = Math.max(((bar.to - bar.from) / span) * 100, 0.3);
          const title = `${bar.label}: ${duration(bar.to - bar.from)}`;
          return `<span class="bar ${bar.kind}" style="left:${left.toFixed(3)}%;width:${width.toFixed(3)}%" title="${e(title)}"></span>`;
        })
        .join("");
      return `<div class="lane"><div class="lane-name">${e(lane)}</div><div class="lane-track">${inLane}</div></div>`;
    });
    const kind = facts.parallelRuns.has(run) ? "parallel lanes" : "one requirement at a time";
    return `<div class="timeline"><h3>${e(run)} <span class="muted">${e(kind)} · ${e(duration(span))}</span></h3>${rows.join("")}</div>`;
  });
  const shown = charts.filter((chart) => chart !== "");
  const older = runs.length > SHOWN_RUNS ? `<p class="muted">${runs.length - SHOWN_RUNS} older run(s) not shown.</p>` : "";
  return shown.length ? shown.join("") + older : `<p class="muted">No run log.</p>`;
}

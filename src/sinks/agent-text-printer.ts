import { costText } from "../domain/cost-text.js";
import { totalTokens } from "../domain/conversation.js";
import type { RunEvent } from "../domain/events.js";
import type { Writable } from "./headless-reporter.js";
import { formatHeadlessLine } from "./headless-line.js";
import { replyCutText } from "../domain/reply-cut-text.js";

/**
 * `greenlight agent`'s readable output, like `claude -p`: what the agent says as it streams, one line per
 * tool call on stdout; retries and the session's ending on stderr.
 */
export function agentTextPrinter(out: Writable, err: Writable): (event: RunEvent) => void {
  const titles = new Map<string, string>();
  let midLine = false;
  const line = (text: string) => {
    out.write(`${midLine ? "\n" : ""}${text}\n`);
    midLine = false;
  };
  return (event) => {
    switch (event.type) {
      case "text_delta":
        out.write(event.text);
        midLine = !event.text.endsWith("\n");
        break;
      case "tool_started":
        titles.set(event.toolUseId, event.title);
        break;
      case "tool_finished":
        line(`${event.tool} ${titles.get(event.toolUseId) ?? ""} -> ${event.summary} (${(event.durationMs / 1000).toFixed(1)} s)`);
        break;
      case "permission_decided":
        if (event.decision === "deny") {
          const rule = event.rule ? `: ${event.rule}` : event.note ? `: ${event.note}` : "";
          err.write(`denied: ${event.tool} ${event.subject} (${event.by.replace("_", " ")}${rule})${event.allowWith ? `; allow it with --allow '${event.allowWith}'` : ""}\n`);
        }
        break;
      case "reply_cut":
        err.write(`${replyCutText(event)}\n`);
        break;
      case "retry":
        err.write(`retrying (${event.attempt}) in ${(event.waitMs / 1000).toFixed(1)} s: ${event.reason}\n`);
        break;
      case "todo_list":
      case "context_managed":
      case "subagent_event": {
        // The headless line without its clock: `backend  [helper] Write -> error: refused: locked`.
        const text = formatHeadlessLine(event);
        if (text !== undefined) line(text.slice(text.indexOf(" ") + 1));
        break;
      }
      case "log":
        err.write(`${event.level}: ${event.message}\n`);
        break;
      case "session_finished": {
        const { result } = event;
        if (midLine) line("");
        err.write(`${result.reason}: ${result.turns} turns, ${totalTokens(result.usage)} tokens, ${costText(result.costUsd, result.costUnknown, 4)}${result.error ? ` - ${result.error}` : ""}\n`);
        break;
      }
    }
  };
}

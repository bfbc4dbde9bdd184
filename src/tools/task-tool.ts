import { z } from "zod";
import type { Usage } from "../domain/conversation.js";
import type { SessionEndReason } from "../domain/session-result.js";
import type { Tool } from "./tool.js";

const inputSchema = z.object({
  description: z.string().min(1).describe("A short (3-5 word) description of the task"),
  prompt: z.string().min(1).describe("The task for the agent, self-contained: it does not see your conversation"),
  subagent_type: z.string().min(1).describe("The name of the agent to run"),
});
type TaskInput = z.infer<typeof inputSchema>;

export interface SubagentRequest {
  agent: string;
  description: string;
  prompt: string;
  /** The Task call that asked for it: the subagent's events are tied to it. */
  toolUseId: string;
}

export interface SubagentReport {
  reason: SessionEndReason;
  finalText: string;
  error?: string;
  turns: number;
  usage: Usage;
  costUsd: number;
  costUnknown?: boolean;
  filesChanged: string[];
}

/** What the Task tool can start: the agents it may name, and a way to run one to its end. */
export interface Subagents {
  available: { name: string; description: string }[];
  /** Most Task calls one session may make. */
  maxPerSession: number;
  start(request: SubagentRequest, signal: AbortSignal): Promise<SubagentReport>;
}

const DESCRIPTION_CHARS = 200;

function catalogText(available: Subagents["available"]): string {
  return available.map((agent) => `- ${agent.name}: ${agent.description.split("\n")[0]!.slice(0, DESCRIPTION_CHARS) || "(no description)"}`).join("\n");
}

/**
 * Claude Code's Task (Copilot's `agent`): runs another defined agent in a fresh context with its own
 * tools and model, and returns its final message. Starting and running it is the caller's business.
 */
export function createTaskTool(subagents: Subagents): Tool<TaskInput> {
  let started = 0;
  const names = new Map(subagents.available.map((agent) => [agent.name.toLowerCase(), agent.name]));
  return {
    name: "Task",
    description: [
      "Runs another agent on a self-contained task in a fresh context, with its own tools, and returns its final message.",
      "It acts for you: the files you may not change, it may not change either. It cannot ask you questions, so put",
      `everything it needs in the prompt. At most ${subagents.maxPerSession} per session. Available agents:`,
      catalogText(subagents.available),
    ].join("\n"),
    inputSchema,
    title: (input) => `${input.subagent_type}: ${input.description}`,
    async execute(input, context) {
      const agent = names.get(input.subagent_type.toLowerCase());
      if (!agent) {
        const known = subagents.available.map((candidate) => candidate.name).join(", ") || "none";
        return { content: `No agent named '${input.subagent_type}'. Available: ${known}.`, isError: true, summary: "unknown agent" };
      }
      if (started >= subagents.maxPerSession) {
        return { content: `Not run: this session has already started ${started} subagents, the most it may. Do the rest yourself.`, isError: true, summary: "subagent limit" };
      }
      started++;
      const report = await subagents.start({ agent, description: input.description, prompt: input.prompt, toolUseId: context.toolUseId ?? "" }, context.signal);
      const spent = { effect: { kind: "subagent_spent" as const, usage: report.usage, costUsd: report.costUsd, ...(report.costUnknown ? { costUnknown: true } : {}) } };
      const files = report.filesChanged.length > 0 ? { filesChanged: report.filesChanged } : {};
      const summary = `${agent}: ${report.reason}, ${report.turns} turns`;
      if (report.reason === "completed") {
        return { content: report.finalText || `${agent} finished without a final message.`, isError: false, summary, ...spent, ...files };
      }
      const last = report.finalText ? `\nIts last message:\n${report.finalText}` : "";
      return { content: `${agent} stopped (${report.reason}): ${report.error ?? "no reason given"}.${last}`, isError: true, summary, ...spent, ...files };
    },
  };
}

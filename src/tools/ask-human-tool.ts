import { z } from "zod";
import type { Tool } from "./tool.js";

const inputSchema = z.object({
  question: z.string().min(1).describe("The question, self-contained: the person may not have followed your work"),
});
type AskHumanInput = z.infer<typeof inputSchema>;

export type AskHuman = (question: string, signal: AbortSignal) => Promise<string>;

export function createAskHumanTool(askHuman: AskHuman): Tool<AskHumanInput> {
  return {
    name: "AskHuman",
    description: "Asks the person running the workspace a question and waits for the answer. Use it only when you cannot decide from the code, the tests and the requirement.",
    inputSchema,
    title: (input) => input.question,
    async execute(input, context) {
      const answer = await askHuman(input.question, context.signal);
      return { content: answer, isError: false, summary: "answered", effect: { kind: "question", question: input.question } };
    },
  };
}

import { z } from "zod";
import type { Tool } from "./tool.js";

const inputSchema = z.object({
  verdict: z.enum(["approve", "request_changes"]).describe('"approve" when the work meets the requirement and the tests prove it; "request_changes" otherwise'),
  summary: z.string().min(1).describe("One or two sentences on why"),
  findings: z.array(z.string()).optional().describe("Each thing that must change, one per entry, specific enough to act on"),
});
export type ReviewVerdict = z.infer<typeof inputSchema>;

export function createReviewVerdictTool(): Tool<ReviewVerdict> {
  return {
    name: "ReviewVerdict",
    description: "Records your review verdict on the work under review. Call it once, when your review is complete.",
    inputSchema,
    title: (input) => input.verdict,
    async execute(input) {
      const findings = input.findings ?? [];
      const summary = input.verdict === "approve" ? "approved" : `changes requested (${findings.length} findings)`;
      return {
        content: `Verdict recorded: ${input.verdict}.`,
        isError: false,
        summary,
        effect: { kind: "verdict", verdict: input.verdict, summary: input.summary, findings },
      };
    },
  };
}

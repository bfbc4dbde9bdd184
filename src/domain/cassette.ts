import { z } from "zod";
import { compactionBlockSchema, redactedThinkingBlockSchema, stopReasonSchema, textBlockSchema, thinkingBlockSchema, toolUseBlockSchema } from "./conversation.js";
import { refusalSchema } from "./reasoning.js";

/**
 * The offline cassette: recorded model turns the scripted provider replays.
 * Turns are looked up by agent name, and by requirement id when the orchestrator runs the agent for one
 * (a "requirement" key of "*" or no key serves any requirement). Each session of an agent consumes the
 * next turns in order; a turn is the whole assistant message of one model call.
 */
export const cassetteTurnSchema = z
  .object({
    /** The assistant message's blocks in order, thinking and compaction blocks verbatim. */
    content: z.array(z.discriminatedUnion("type", [textBlockSchema, toolUseBlockSchema, thinkingBlockSchema, redactedThinkingBlockSchema, compactionBlockSchema])),
    /** Defaults to "tool_use" when the turn has a tool_use block, else "end_turn". */
    stopReason: stopReasonSchema.optional(),
    /** A refusal's category and explanation (stop reason "refusal"). */
    refusal: refusalSchema.optional(),
  })
  .refine((turn) => turn.content.length > 0 || turn.stopReason === "refusal", { message: "a turn needs at least one content block (only a refusal may have none)", path: ["content"] });
export type CassetteTurn = z.infer<typeof cassetteTurnSchema>;

export const cassetteScriptSchema = z.object({
  agent: z.string().min(1),
  requirement: z.string().optional(),
  turns: z.array(cassetteTurnSchema).min(1),
});
export type CassetteScript = z.infer<typeof cassetteScriptSchema>;

export const cassetteSchema = z.object({
  version: z.literal(1),
  /** Informational: the model the cassette was recorded with. */
  model: z.string().optional(),
  scripts: z.array(cassetteScriptSchema),
});
export type Cassette = z.infer<typeof cassetteSchema>;

import { z } from "zod";

/**
 * Who clears old tool results when a session nears its model's window: greenlight, in batches, so the
 * cached prefix changes only when it clears; or the API (`clear_tool_uses_20250919`), which clears from
 * the full history on every request past its trigger and so changes the cached prefix on each of them
 * (measured by `npm run bench -- context-window`: 1.34x the cost of no clearing, greenlight's 0.84x).
 */
export const contextEditingSchema = z.enum(["greenlight", "api"]);
export type ContextEditing = z.infer<typeof contextEditingSchema>;

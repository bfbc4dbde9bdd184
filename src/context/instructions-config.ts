import { z } from "zod";

/**
 * The greenlight.json key `instructions`: `false` gives agents no project instruction files at all;
 * `{ "exclude": [...] }` leaves out the files (or @-imports) whose project-relative path matches one of
 * the paths or globs.
 */
export const instructionsConfigSchema = z.union([z.literal(false), z.object({ exclude: z.array(z.string().min(1)) }).strict()], {
  error: 'expected false (no instruction files) or { "exclude": ["path or glob", ...] }',
});
export type InstructionsConfig = z.infer<typeof instructionsConfigSchema>;

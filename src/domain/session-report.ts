import type { Review } from "./traceability.js";

/** What a finished agent session left behind, as far as the workflow cares. */
export interface SessionReport {
  ended: "completed" | "aborted" | "failed";
  error?: string;
  verdict?: Omit<Review, "by" | "at">;
  question?: string;
}

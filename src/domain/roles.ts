import { z } from "zod";

export const roleSchema = z.enum(["qa", "backend", "reviewer"]);
export type Role = z.infer<typeof roleSchema>;

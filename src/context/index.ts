export { sessionContext, type SessionContext, type SessionContextInput } from "./session-context.js";
export type { PipelineFacts } from "./environment-block.js";
export { instructionsConfigSchema, type InstructionsConfig } from "./instructions-config.js";
export type { InstructionFile, ProjectInstructions, SkippedInstruction } from "./load-instructions.js";
export { MAX_IMPORT_DEPTH, MAX_INSTRUCTION_FILE_BYTES, MAX_INSTRUCTIONS_TOTAL_BYTES } from "./instruction-limits.js";

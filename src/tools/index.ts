export type { Tool, ToolContext, ToolResult, WriteGuard } from "./tool.js";
export { Workspace, type ResolvedPath, type WorkspaceOptions } from "./workspace.js";
export { PathRefusedError } from "./path-refused.js";
export { writeFileInside } from "./safe-write.js";
export { createToolset, type ToolsetOptions } from "./toolset.js";
export { toolSpecs } from "./tool-specs.js";
export type { ReviewVerdict } from "./review-verdict-tool.js";
export type { AskHuman } from "./ask-human-tool.js";

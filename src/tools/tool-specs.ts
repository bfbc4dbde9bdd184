import { z } from "zod";
import type { ToolSpec } from "../domain/conversation.js";
import type { Tool } from "./tool.js";

/** What the model is told about each tool, in the order the tools were given. */
export function toolSpecs(tools: Tool[]): ToolSpec[] {
  return tools.map((tool) => {
    if (tool.jsonSchema) return { name: tool.name, description: tool.description, input_schema: tool.jsonSchema };
    const { $schema: _dialect, ...schema } = z.toJSONSchema(tool.inputSchema, { io: "input" }) as Record<string, unknown>;
    return { name: tool.name, description: tool.description, input_schema: schema };
  });
}

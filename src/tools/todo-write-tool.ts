import { z } from "zod";
import { todoListSchema, todoProgress } from "../domain/todo.js";
import type { Tool } from "./tool.js";

const inputSchema = z.object({ todos: todoListSchema.describe("The whole updated list: every task, not just the changed ones") });
type TodoWriteInput = z.infer<typeof inputSchema>;

/** Claude Code's TodoWrite: the agent keeps a visible plan; each call replaces the whole list. */
export function createTodoWriteTool(): Tool<TodoWriteInput> {
  return {
    name: "TodoWrite",
    description: [
      "Keeps your todo list for this session, shown to the person watching. Each call replaces the whole list.",
      "Use it for work of three or more steps: add the steps, mark one in_progress before starting it, and mark",
      "it completed as soon as it is done. Keep at most one task in_progress.",
    ].join("\n"),
    inputSchema,
    title: (input) => `${input.todos.length} ${input.todos.length === 1 ? "task" : "tasks"}`,
    async execute(input) {
      const doing = input.todos.filter((todo) => todo.status === "in_progress").length;
      const note = doing > 1 ? ` Note: ${doing} tasks are in_progress; keep one at a time.` : "";
      return {
        content: `Todo list updated (${todoProgress(input.todos)} completed).${note} Keep it current as you work.`,
        isError: false,
        summary: `${todoProgress(input.todos)} done`,
        effect: { kind: "todo_list", todos: input.todos },
      };
    },
  };
}

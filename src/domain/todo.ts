import { z } from "zod";

/** One entry of an agent's todo list, in Claude Code's TodoWrite shape. */
export const todoItemSchema = z.object({
  content: z.string().min(1).describe("What to do, in the imperative: \"Run the tests\""),
  status: z.enum(["pending", "in_progress", "completed"]),
  activeForm: z.string().min(1).describe("The same task in the present continuous, shown while it runs: \"Running the tests\""),
});
export type TodoItem = z.infer<typeof todoItemSchema>;

export const todoListSchema = z.array(todoItemSchema);

/** "2/5": completed of all, as a pane title shows it. */
export function todoProgress(todos: readonly TodoItem[]): string {
  return `${todos.filter((todo) => todo.status === "completed").length}/${todos.length}`;
}

import type { DependencyReference } from "../check-dependencies.js";
import { SpecError } from "../spec-error.js";
import { markdownLines, plain } from "./markdown-lines.js";
import type { SpecFile, TaskBox } from "./spec-format.js";

/**
 * A Spec Kit tasks.md: `- [ ] T012 [P] [US1] Create User model in src/models/user.py (depends on T010)`.
 * Tasks are context for the requirements their story serves (shown with their `[P]`, parallel, mark).
 * `(depends on T010, T011)` from one story's task to another story's task makes the first story's
 * requirements depend on the second's; within a story, or on a setup task, it orders nothing greenlight runs.
 */
const TASK = /^\s*[-*]\s+\[([ xX])\]\s+(T\d+)\b\s*(.*)$/;
const STORY_LABEL = /\[US(\d+)\]/i;
const DEPENDS = /\(?\bdepends on\s+((?:T\d+)(?:\s*(?:,|and)\s*T\d+)*)\)?/i;

export interface SpecKitTask {
  id: string;
  done: boolean;
  parallel: boolean;
  story?: number;
  text: string;
  line: number;
  dependsOn: string[];
}

export function specKitTasks(file: SpecFile): SpecKitTask[] {
  const tasks: SpecKitTask[] = [];
  const first = new Map<string, number>();
  for (const line of markdownLines(file.text)) {
    if (line.fenced) continue;
    const match = TASK.exec(line.text);
    if (!match) {
      if (/^\s*[-*]\s+\[[ xX]\]\s+T\d/.test(line.text)) throw new SpecError("cannot read this task (expected '- [ ] T012 [P] [US1] Description')", file.path, line.line);
      continue;
    }
    const [, box, id, rest] = match as unknown as [string, string, string, string];
    const earlier = first.get(id);
    if (earlier !== undefined) throw new SpecError(`duplicate task ${id} (first at line ${earlier})`, file.path, line.line);
    first.set(id, line.line);
    const story = STORY_LABEL.exec(rest);
    const depends = DEPENDS.exec(rest);
    tasks.push({
      id,
      done: box !== " ",
      parallel: /\[P\]/.test(rest),
      ...(story ? { story: Number(story[1]) } : {}),
      text: plain(rest.replace(/\[P\]\s*/g, "").replace(STORY_LABEL, "").replace(/\s+/g, " ")),
      line: line.line,
      dependsOn: depends ? [...depends[1]!.matchAll(/T\d+/g)].map((found) => found[0]) : [],
    });
  }
  return tasks;
}

export interface TasksRead {
  boxes: TaskBox[];
  context: Map<string, string[]>;
  dependsOn: Map<string, Set<string>>;
  references: DependencyReference[];
}

/** `stories` maps a story number to the requirement ids that serve it. */
export function readSpecKitTasks(file: SpecFile, stories: ReadonlyMap<number, readonly string[]>): TasksRead {
  const tasks = specKitTasks(file);
  const byId = new Map(tasks.map((task) => [task.id, task]));
  const read: TasksRead = { boxes: [], context: new Map(), dependsOn: new Map(), references: [] };
  for (const task of tasks) {
    if (task.story !== undefined && !stories.has(task.story)) {
      throw new SpecError(`${task.id} is labelled [US${task.story}], and spec.md has no User Story ${task.story}`, file.path, task.line);
    }
    const served = task.story === undefined ? [] : stories.get(task.story)!;
    if (served.length > 0) read.boxes.push({ file: file.path, line: task.line, requirements: [...served], mark: "X" });
    for (const id of served) read.context.set(id, [...(read.context.get(id) ?? []), `Task ${task.id}${task.parallel ? " [P]" : ""}: ${task.text}`]);
    for (const on of task.dependsOn) {
      const target = byId.get(on);
      if (!target) throw new SpecError(`${task.id} depends on ${on}, which tasks.md does not have`, file.path, task.line);
      if (target.story === undefined || task.story === undefined || target.story === task.story) continue;
      for (const from of served) {
        for (const dependency of stories.get(target.story)!) {
          if (dependency === from) continue;
          const set = read.dependsOn.get(from) ?? new Set<string>();
          if (!set.has(dependency)) read.references.push({ from, on: dependency, line: task.line });
          set.add(dependency);
          read.dependsOn.set(from, set);
        }
      }
    }
  }
  return read;
}

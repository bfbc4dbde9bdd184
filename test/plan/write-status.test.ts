import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { writeStatus } from "../../src/plan/write-status.js";

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), "gl-write-status-"))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("writeStatus", () => {
  it("ticks only boxes whose requirements are all approved, keeping CRLF line endings and every other byte", () => {
    const text = "# Tasks\r\n\r\n- [ ] T001 [US1] a\r\n  - [ ] T002 [US2] b\r\n- [x] T003 [US1] c\r\n- [ ] T004 [US1] [US2] d\r\n";
    writeFileSync(join(dir, "tasks.md"), text);
    const approved = new Set(["F/FR-001"]);
    const boxes = [
      { file: "tasks.md", line: 3, requirements: ["F/FR-001"], mark: "X" as const },
      { file: "tasks.md", line: 4, requirements: ["F/FR-002"], mark: "X" as const },
      { file: "tasks.md", line: 5, requirements: ["F/FR-001"], mark: "X" as const },
      { file: "tasks.md", line: 6, requirements: ["F/FR-001"], mark: "X" as const },
      { file: "tasks.md", line: 6, requirements: ["F/FR-002"], mark: "X" as const },
    ];
    expect(writeStatus(boxes, (id) => approved.has(id), dir)).toEqual([{ file: "tasks.md", ticked: 1 }]);
    expect(readFileSync(join(dir, "tasks.md"), "utf8")).toBe(text.replace("- [ ] T001", "- [X] T001"));
    approved.add("F/FR-002");
    expect(writeStatus(boxes, (id) => approved.has(id), dir)).toEqual([{ file: "tasks.md", ticked: 2 }]);
    expect(readFileSync(join(dir, "tasks.md"), "utf8")).toBe(text.replace("- [ ] T001", "- [X] T001").replace("- [ ] T002", "- [X] T002").replace("- [ ] T004", "- [X] T004"));
    expect(writeStatus(boxes, () => true, dir)).toEqual([]);
  });
});

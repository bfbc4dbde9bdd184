import { describe, expect, it } from "vitest";
import { ADD_TEST, addCode, runWithPerson, say, verdict, withProject, write } from "./person-run-harness.js";

describe("a requirement the spec marks as needing clarification", { timeout: 120_000 }, () => {
  it("waits in the person's inbox with the question before QA starts, and QA gets the answer", () =>
    withProject(async (project) => {
      const asked: string[] = [];
      const run = await runWithPerson(project, {
        requirements: (planned) => planned.map((requirement) => ({ ...requirement, clarifications: ["integers only, or decimals too?"] })),
        cassette: [
          { agent: "qa", requirement: "REQ-001", turns: [write("test/add.test.js", ADD_TEST), say("Tests written.")] },
          { agent: "backend", requirement: "REQ-001", turns: [write("src/calc.js", addCode("+")), say("Done.")] },
          { agent: "reviewer", requirement: "REQ-001", turns: [verdict("approve", "fine"), say("Approved.")] },
        ],
        react: (event, controller) => {
          if (event.type !== "inbox_added") return;
          asked.push(`${event.item.kind}: ${event.item.text}`);
          controller.answer(event.item.id, "integers only");
        },
      });
      expect(asked).toEqual(["escalation: needs clarification before QA writes tests: integers only, or decimals too?"]);
      const qaPrompts = run.events.flatMap((event) => (event.type === "session_started" && event.agent === "qa" ? [event.prompt] : []));
      expect(qaPrompts).toHaveLength(1);
      expect(qaPrompts[0]).toContain("## A person's answer\nintegers only");
      expect(run.finished.summary.outcome).toBe("approved");
    }));
});

import { describe, expect, it } from "vitest";
import { ADD_TEST, addCode, runWithPerson, say, verdict, withProject, write } from "./person-run-harness.js";

const WITH_PASSING = `${ADD_TEST}\ntest("calc has a version", () => {\n  assert.equal(typeof calc.version, "number");\n});\n`;

describe("red gate strictness in a whole pipeline", { timeout: 120_000 }, () => {
  it("sends new tests that already pass back to QA with the reason, then goes on once they all fail", () =>
    withProject(async (project) => {
      const run = await runWithPerson(project, {
        cassette: [
          { agent: "qa", requirement: "REQ-001", turns: [write("test/add.test.js", WITH_PASSING), say("Tests written."), write("test/add.test.js", ADD_TEST), say("Dropped the passing test.")] },
          { agent: "backend", requirement: "REQ-001", turns: [write("src/calc.js", addCode("+")), say("Done.")] },
          { agent: "reviewer", requirement: "REQ-001", turns: [verdict("approve", "fine"), say("Approved.")] },
        ],
        react: () => {},
      });
      expect(run.finished.summary.outcome).toBe("approved");
      const red = run.events.filter((event) => event.type === "gate_finished" && event.gate === "red");
      expect(red).toHaveLength(2);
      const qaPrompts = run.events.flatMap((event) => (event.type === "session_started" && event.agent === "qa" ? [event.prompt] : []));
      expect(qaPrompts[1]).toContain("## Sent back\nred gate: new tests already pass, so they do not test the requirement: test/add.test.js::calc has a version");
      expect(run.finished.rows[0]!.tests.names).toEqual(["test/add.test.js::add returns the sum"]);
    }));
});

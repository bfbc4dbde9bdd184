import { describe, expect, it } from "vitest";
import { renderDiff } from "../../src/report/render-diff.js";

describe("a requirement's diff in the report", () => {
  it("reads a snapshot diff's added, changed and deleted files as such, a removed '-- x' line inside a hunk not as a header", () => {
    const diff = ["--- /dev/null", "+++ b/new.js", "@@ -1,0 +1,2 @@", "+++ tricky", "+ok", "--- a/old.js", "+++ b/old.js", "@@ -1,1 +1,1 @@", "--- removed dashes", "+++ added", "--- a/gone.js", "+++ /dev/null", "@@ -1,1 +1,0 @@", "-bye"].join("\n");
    const html = renderDiff(diff);
    expect([...html.matchAll(/d2h-(added|changed|deleted)-tag">([A-Z]+)/g)].map((match) => match[2])).toEqual(["ADDED", "CHANGED", "DELETED"]);
    expect(html).toContain("removed dashes");
  });

  it("says when there is no diff, or no change", () => {
    expect(renderDiff(undefined)).toContain("No diff");
    expect(renderDiff("")).toContain("No change.");
  });
});

import { basename } from "node:path";

/** A SPEC.md in the format `greenlight plan` reads, with one requirement to replace. */
export function specSkeleton(projectDir: string): string {
  return `# ${basename(projectDir)}

<!--
greenlight reads each heading that starts with an id as one requirement: "## REQ-001: Title", then the
text below it up to the next such heading as its description. Ids are capital letters and digits joined
by dashes (REQ-001, FR-12, US-1). A line "Depends on: REQ-001" makes a requirement wait for another.
Import it with: greenlight plan SPEC.md
-->

## REQ-001: Replace this with the first behaviour, in a few words

What the behaviour is, as the user sees it: the inputs, the result, and what happens on bad input.
QA writes failing tests from this text before anything is implemented, so say what can be checked.
`;
}

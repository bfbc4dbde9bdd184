import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { Requirement } from "../../src/domain/requirement.js";
import { planOnce } from "../../src/plan/plan-scope.js";
import { readSpecFiles } from "../../src/plan/read-spec-files.js";

const FIXTURES = resolve(import.meta.dirname, "../fixtures/specs");
const read = (root: string, target: string, format?: Parameters<typeof readSpecFiles>[2]) => readSpecFiles(join(FIXTURES, root, target), join(FIXTURES, root), format);
const byId = (requirements: Requirement[]) => new Map(requirements.map((requirement) => [requirement.id, requirement]));
const criteria = (requirement: Requirement | undefined) => requirement?.criteria?.map((criterion) => criterion.id);

let temp: string | undefined;
afterEach(() => {
  if (temp) rmSync(temp, { recursive: true, force: true });
  temp = undefined;
});
const project = (files: Record<string, string>) => {
  temp = mkdtempSync(join(tmpdir(), "gl-formats-"));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(temp, path)), { recursive: true });
    writeFileSync(join(temp, path), text);
  }
  return temp;
};

describe("Spec Kit", () => {
  it("plans each FR with its text, attaches the scenarios of the stories it names, and makes a story no FR serves a requirement", () => {
    const [spec] = read("spec-kit", "specs/001-photo-albums/spec.md");
    expect(spec!.format).toBe("spec-kit");
    expect(spec!.scope).toEqual({ feature: "001-photo-albums", file: "specs/001-photo-albums/spec.md", partial: false });
    const requirements = byId(spec!.requirements);
    expect([...requirements.keys()]).toEqual(["001-photo-albums/FR-001", "001-photo-albums/FR-002", "001-photo-albums/FR-003", "001-photo-albums/FR-004", "001-photo-albums/US-3"]);
    const fr1 = requirements.get("001-photo-albums/FR-001")!;
    expect(fr1.title).toBe("System MUST allow users to create an album with a unique name (User Story 1)");
    expect(fr1.description).not.toContain("**");
    expect(fr1.source).toEqual({ file: "specs/001-photo-albums/spec.md", line: 62 });
    expect(fr1.criteria).toEqual([
      { id: "US1.1", text: 'Given a library with photos, When the user creates an album named "Trip", Then the album "Trip" appears in the album list.', line: 26 },
      { id: "US1.2", text: expect.stringContaining("Then the system refuses it"), line: 27 },
    ]);
    expect(criteria(requirements.get("001-photo-albums/FR-002"))).toEqual(["US2.1"]);
    expect(requirements.get("001-photo-albums/FR-003")!.criteria).toBeUndefined();
    expect(criteria(requirements.get("001-photo-albums/US-3"))).toEqual(["US3.1"]);
  });

  it("keeps success criteria as context, never as requirements, and sends NEEDS CLARIFICATION to a person", () => {
    const requirements = byId(read("spec-kit", "specs/001-photo-albums/spec.md")[0]!.requirements);
    expect([...requirements.keys()].some((id) => id.includes("SC-"))).toBe(false);
    expect(requirements.get("001-photo-albums/FR-003")!.context).toContain("SC-001: Users can create an album in under 30 seconds.");
    expect(requirements.get("001-photo-albums/FR-004")!.clarifications).toEqual(["auth method not specified - email/password, SSO, OAuth?"]);
    expect(requirements.get("001-photo-albums/FR-004")!.title).toBe("System MUST authenticate users via (needs clarification)");
    expect(requirements.get("001-photo-albums/FR-001")!.clarifications).toBeUndefined();
  });

  it("reads tasks.md with its spec: tasks as context of their story's requirements, a cross-story depends-on as a dependency", () => {
    const fromTasks = read("spec-kit", "specs/001-photo-albums/tasks.md")[0]!;
    expect(fromTasks.scope.file).toBe("specs/001-photo-albums/spec.md");
    const requirements = byId(fromTasks.requirements);
    expect(requirements.get("001-photo-albums/FR-001")!.context).toContain("Task T004 [P]: Create Album model in src/models/album.js");
    expect(requirements.get("001-photo-albums/FR-002")!.dependsOn).toEqual(["001-photo-albums/FR-001"]);
    expect(requirements.get("001-photo-albums/FR-001")!.dependsOn).toBeUndefined();
    expect(requirements.get("001-photo-albums/US-3")!.context).toContain("Task T008: Tile view in src/ui/tiles.js");
  });

  it("attaches a story's scenarios to the FRs the story names", () => {
    const requirements = byId(read("spec-kit", "specs/002-sharing/spec.md")[0]!.requirements);
    expect([...requirements.keys()]).toEqual(["002-sharing/FR-001", "002-sharing/FR-002"]);
    expect(criteria(requirements.get("002-sharing/FR-002"))).toEqual(["US1.1", "US1.2"]);
  });

  it("plans every feature of a specs/ folder, each in its own scope", () => {
    const specs = read("spec-kit", "specs");
    expect(specs.map((spec) => spec.scope.feature)).toEqual(["001-photo-albums", "002-sharing"]);
  });

  it("in a folder, plans only the files a format keeps its specs in (not plan.md, design.md or a README)", () => {
    const dir = project({
      "specs/f/spec.md": "## Requirements\n\n- **FR-001**: System MUST x.\n",
      "specs/f/plan.md": "# Implementation Plan\n",
      "specs/README.md": "# Specs\n",
      ".kiro/specs/k/design.md": "# Design\n",
      "docs/stories/README.md": "# Stories\n",
    });
    expect(readSpecFiles(dir, dir).map((spec) => spec.scope.file)).toEqual(["specs/f/spec.md"]);
  });

  it.each([
    ["a task naming a story the spec lacks", { "specs/f/spec.md": "## Requirements\n\n- **FR-001**: System MUST x.\n", "specs/f/tasks.md": "# Tasks\n\n- [ ] T001 [US4] Build it\n" }, "specs/f/tasks.md:3: T001 is labelled [US4], and spec.md has no User Story 4"],
    ["a dependency on an unknown task", { "specs/f/spec.md": "### User Story 1 - A (Priority: P1)\n\n1. **Given** a, **When** b, **Then** c\n", "specs/f/tasks.md": "- [ ] T001 [US1] Build (depends on T009)\n" }, "specs/f/tasks.md:1: T001 depends on T009, which tasks.md does not have"],
    ["an FR it cannot read", { "specs/f/spec.md": "## Requirements\n\n- **FR-001**: System MUST x.\n- FR-002 System MUST y.\n" }, "specs/f/spec.md:4: cannot read this functional requirement (expected '- **FR-001**: System MUST ...')"],
    ["a duplicate FR", { "specs/f/spec.md": "## Requirements\n\n- **FR-001**: a\n- **FR-001**: b\n" }, "specs/f/spec.md:4: duplicate requirement id FR-001 (first at line 3)"],
    ["a spec with neither", { "specs/f/spec.md": "# Feature Specification\n\nprose\n" }, "specs/f/spec.md: no functional requirements or user stories found"],
  ])("refuses %s with file:line", (_, files, message) => {
    const dir = project(files);
    const target = Object.keys(files).at(-1)!;
    expect(() => readSpecFiles(join(dir, target), dir)).toThrow(message);
  });

  it("refuses a scenario without When/Then", () => {
    expect(() => read("malformed", "specs/003-bad/spec.md")).toThrow("specs/003-bad/spec.md:9: acceptance scenario 1 of User Story 1 lacks **When** or **Then**");
  });
});

describe("Kiro", () => {
  it("plans each Requirement N with its EARS criteria N.M and reads tasks.md's requirement links", () => {
    const [spec] = read("kiro", ".kiro/specs/photo-albums/requirements.md");
    expect(spec!.format).toBe("kiro");
    const requirements = byId(spec!.requirements);
    expect([...requirements.keys()]).toEqual(["photo-albums/REQ-1", "photo-albums/REQ-2"]);
    expect(requirements.get("photo-albums/REQ-1")!.title).toBe("Create albums");
    expect(requirements.get("photo-albums/REQ-2")!.title).toBe("As a photographer, I want to reorder albums, so that the ones I use most come first.");
    expect(requirements.get("photo-albums/REQ-1")!.criteria![2]).toEqual({ id: "1.3", text: "WHEN an album is created, THE Album_Service SHALL store it before confirming", line: 21 });
    expect(criteria(requirements.get("photo-albums/REQ-2"))).toEqual(["2.1", "2.2"]);
    expect(requirements.get("photo-albums/REQ-1")!.context).toEqual(["Task 1: Set up the album model"]);
    expect(requirements.get("photo-albums/REQ-2")!.context).toEqual(["Task 2.1: Store the order", "Task 2.2: Property test for reordering"]);
  });

  it("refuses a criterion that is not EARS, and a task link to a criterion the requirements lack", () => {
    expect(() => read("malformed", ".kiro/specs/bad/requirements.md")).toThrow(".kiro/specs/bad/requirements.md:12: criterion 1.2 is not an EARS line");
    const dir = project({
      ".kiro/specs/x/requirements.md": "### Requirement 1\n\n#### Acceptance Criteria\n\n1. WHEN a THEN the system SHALL b\n",
      ".kiro/specs/x/tasks.md": "- [ ] 1. Do it\n  - _Requirements: 1.1, 1.7_\n",
    });
    expect(() => readSpecFiles(join(dir, ".kiro/specs/x/tasks.md"), dir)).toThrow(".kiro/specs/x/tasks.md:2: task 1 names requirement 1.7, which requirements.md does not have");
  });
});

describe("OpenSpec", () => {
  it("plans Requirement: blocks with ids from capability and name, and their scenarios as criteria", () => {
    const [spec] = read("openspec", "openspec/specs/auth/spec.md");
    expect(spec!.format).toBe("openspec");
    const requirements = byId(spec!.requirements);
    expect([...requirements.keys()]).toEqual(["auth/user-login", "auth/remember-me"]);
    expect(requirements.get("auth/user-login")!.description).toBe("The system SHALL let a user sign in with an email and a password.");
    expect(requirements.get("auth/user-login")!.criteria![0]).toEqual({
      id: "valid-credentials",
      text: "Valid credentials: WHEN a user submits a known email and its password THEN the system returns a session token",
      line: 11,
    });
  });

  it("reads a change's delta as added, modified and removed requirements, after the built specs", () => {
    const specs = read("openspec", "openspec");
    expect(specs.map((spec) => [spec.scope.file, spec.scope.partial])).toEqual([
      ["openspec/specs/auth/spec.md", false],
      ["openspec/changes/add-2fa/specs/auth/spec.md", true],
    ]);
    const delta = specs[1]!;
    expect(delta.requirements.map((requirement) => requirement.id)).toEqual(["auth/two-factor-authentication", "auth/user-login"]);
    expect(delta.removed).toEqual(["auth/remember-me"]);
  });

  it("keeps a renamed requirement's id", () => {
    const dir = project({
      "openspec/changes/r/specs/auth/spec.md": "## RENAMED Requirements\n- FROM: `### Requirement: Login`\n- TO: `### Requirement: Sign In`\n\n## MODIFIED Requirements\n### Requirement: Sign In\nThe system SHALL sign users in.\n\n#### Scenario: Ok\n- **WHEN** a user signs in\n- **THEN** it works\n",
    });
    expect(readSpecFiles(join(dir, "openspec/changes/r/specs/auth/spec.md"), dir)[0]!.requirements.map((r) => [r.id, r.title])).toEqual([["auth/login", "Sign In"]]);
  });

  it("refuses a scenario heading without exactly four #, and a requirement without SHALL or MUST", () => {
    expect(() => read("malformed", "openspec/specs/bad/spec.md")).toThrow("openspec/specs/bad/spec.md:8: scenario headings take exactly four #, this one has 3");
    const dir = project({ "openspec/specs/a/spec.md": "### Requirement: X\nIt would be nice.\n\n#### Scenario: s\n- **WHEN** a\n- **THEN** b\n" });
    expect(() => readSpecFiles(join(dir, "openspec/specs/a/spec.md"), dir)).toThrow("openspec/specs/a/spec.md:1: requirement 'X' says neither SHALL nor MUST");
  });
});

describe("BMAD", () => {
  it("v4: plans a PRD's stories with their acceptance criteria, FRs and NFRs as context; a story file restates its story", () => {
    const specs = planOnce(read("bmad-v4", "docs"));
    expect(specs.map((spec) => spec.format)).toEqual(["bmad", "bmad"]);
    const requirements = byId(specs.flatMap((spec) => spec.requirements));
    expect([...requirements.keys()]).toEqual(["STORY-1.1", "STORY-1.2"]);
    expect(requirements.get("STORY-1.1")!.source.file).toBe("docs/stories/1.1.story.md");
    expect(criteria(requirements.get("STORY-1.1"))).toEqual(["1", "2", "3"]);
    expect(requirements.get("STORY-1.2")!.context).toContain("FR2: The app shall let a user reorder albums.");
  });

  it("v6: FR-n with testable consequences as criteria, journeys and metrics as context; epics' Given/When/Then stories", () => {
    const prd = byId(read("bmad-v6", "prd.md")[0]!.requirements);
    expect([...prd.keys()]).toEqual(["FR-1", "FR-2"]);
    expect(prd.get("FR-1")!.criteria!.map((criterion) => criterion.text)).toEqual(["An album created with a name appears in the album list.", "A duplicate name is refused with a message."]);
    expect(prd.get("FR-1")!.context).toEqual([
      "SM-1: 80% of new users create an album in their first week.",
      "SM-2: Fewer than 1% of album creations fail.",
      'UJ-1: First album: Ana imports her trip photos and groups them into "Lisbon".',
    ]);
    const epics = byId(read("bmad-v6", "epics.md")[0]!.requirements);
    expect([...epics.keys()]).toEqual(["STORY-1.1", "STORY-1.2"]);
    expect(epics.get("STORY-1.1")!.criteria![1]!.text).toBe('Given an album "Trip" exists When the user creates another "Trip" Then the system refuses it And says the name is taken');
  });

  it("refuses a story without acceptance criteria", () => {
    const dir = project({ "docs/prd.md": "## Epic 1 X\n\n### Story 1.1 Thing\n\nAs a user, I want a thing.\n" });
    expect(() => readSpecFiles(join(dir, "docs/prd.md"), dir)).toThrow("docs/prd.md:3: Story 1.1 has no acceptance criteria");
  });
});

describe("detection", () => {
  it("reads greenlight's own format as before, and a named format wins over the place", () => {
    const dir = project({ "SPEC.md": "## REQ-001: Add\n- **FR-003**: Multiply\n", "specs/x/spec.md": "## REQ-1: a\n" });
    expect(readSpecFiles(join(dir, "SPEC.md"), dir)[0]!.requirements.map((r) => r.id)).toEqual(["REQ-001", "FR-003"]);
    expect(readSpecFiles(join(dir, "specs/x/spec.md"), dir, "greenlight")[0]!.requirements.map((r) => r.id)).toEqual(["REQ-1"]);
    expect(() => readSpecFiles(join(dir, "specs/x/spec.md"), dir)).toThrow("specs/x/spec.md: no functional requirements or user stories found");
  });

  it("detects a format by shape outside its usual place", () => {
    const dir = project({ "docs/auth.md": "### Requirement: Login\nThe system SHALL log in.\n\n#### Scenario: ok\n- **WHEN** a\n- **THEN** b\n" });
    expect(readSpecFiles(join(dir, "docs/auth.md"), dir)[0]!.format).toBe("openspec");
  });
});

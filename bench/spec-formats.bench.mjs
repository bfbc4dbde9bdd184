// Spec import: requirements/s reading a 2,000-FR Spec Kit feature (with stories and tasks) and a 2,000-
// requirement Kiro spec, against greenlight's own format of the same size read in the same run (ratio).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readSpecFiles } from "../dist/plan/read-spec-files.js";

const COUNT = 2000;
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const pad = (n) => String(n).padStart(3, "0");

const root = mkdtempSync(join(tmpdir(), "greenlight-spec-bench-"));
try {
  const feature = join(root, "specs/001-big");
  mkdirSync(feature, { recursive: true });
  const stories = [];
  for (let story = 1; story <= COUNT / 10; story++) {
    stories.push(`### User Story ${story} - Story ${story} (Priority: P2)`, "", "**Acceptance Scenarios**:", "");
    for (let n = 1; n <= 3; n++) stories.push(`${n}. **Given** state ${n}, **When** action ${n}, **Then** outcome ${n}.`);
    stories.push("");
  }
  const frs = Array.from({ length: COUNT }, (_, index) => `- **FR-${pad(index + 1)}**: System MUST do thing ${index + 1} (User Story ${(index % (COUNT / 10)) + 1}).`);
  writeFileSync(join(feature, "spec.md"), ["# Feature Specification: Big", "", "## User Scenarios & Testing", "", ...stories, "## Requirements", "", ...frs, ""].join("\n"));
  const tasks = Array.from({ length: COUNT }, (_, index) => `- [ ] T${pad(index + 1)} [P] [US${(index % (COUNT / 10)) + 1}] Task ${index + 1}`);
  writeFileSync(join(feature, "tasks.md"), ["# Tasks", "", ...tasks, ""].join("\n"));

  const kiro = join(root, ".kiro/specs/big");
  mkdirSync(kiro, { recursive: true });
  const kiroLines = ["# Requirements Document", "", "## Requirements", ""];
  for (let n = 1; n <= COUNT; n++) kiroLines.push(`### Requirement ${n}: Thing ${n}`, "", "**User Story:** As a user, I want it.", "", "#### Acceptance Criteria", "", `1. WHEN a THEN the system SHALL b`, `2. IF c THEN the system SHALL d`, "");
  writeFileSync(join(kiro, "requirements.md"), kiroLines.join("\n"));

  writeFileSync(join(root, "SPEC.md"), Array.from({ length: COUNT }, (_, index) => `## REQ-${index + 1}: Thing ${index + 1}\nDoes thing ${index + 1}.\n`).join("\n"));

  const rate = (target, expected) => {
    const rates = [];
    for (let run = 0; run < 7; run++) {
      const start = process.hrtime.bigint();
      const [spec] = readSpecFiles(join(root, target), root);
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      if (spec.requirements.length !== expected) throw new Error(`${target}: expected ${expected} requirements, read ${spec.requirements.length}`);
      rates.push(expected / seconds);
    }
    return median(rates);
  };
  const greenlight = rate("SPEC.md", COUNT);
  const specKit = rate("specs/001-big/spec.md", COUNT);
  const kiroRate = rate(".kiro/specs/big/requirements.md", COUNT);
  console.log(`spec-formats: greenlight ${Math.round(greenlight)} requirements/s`);
  console.log(`spec-formats: spec-kit with stories and tasks ${Math.round(specKit)} requirements/s (${(specKit / greenlight).toFixed(2)}x greenlight's)`);
  console.log(`spec-formats: kiro ${Math.round(kiroRate)} requirements/s (${(kiroRate / greenlight).toFixed(2)}x greenlight's)`);
} finally {
  rmSync(root, { recursive: true, force: true });
}

import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { afterAll, beforeAll, inject } from "vitest";
import { heldTempFolders, removeAllTempFolders } from "../../../src/process/own-temp-folders.js";
import { isProductScratch, RECORD_SUFFIX, type FileRecord, type Leftover } from "./policy.js";

/**
 * Runs before each test file (vitest setupFiles): the file gets a temp folder of its own, as TMPDIR, so
 * everything it and the greenlight processes it starts make under os.tmpdir() lands there and what is
 * left at its end is its doing, whatever other files run in parallel. After its last test:
 * - a product scratch folder made by a greenlight process the test started, still there: the product
 *   did not clean up (or the test killed it with SIGKILL): the file FAILS;
 * - a product scratch folder still held by a runner the test made in this process and did not close:
 *   a warning, and it is removed as greenlight's own exit would remove it;
 * - anything else (the test's own temp folders): a warning.
 * The global teardown (global.ts) prints every file's leftovers and removes the suite's temp folder.
 */
const root = inject("suiteTmp");
const mine = mkdtempSync(join(root, "f-"));
process.env.TMPDIR = mine;
let file = "(unknown test file)";

// vitest hands the file's suite as the second argument, and wants the first destructured.
beforeAll(({}, suite) => {
  if ("filepath" in suite && typeof suite.filepath === "string") file = relative(process.cwd(), suite.filepath);
});

afterAll(() => {
  const held = new Set(heldTempFolders());
  const leftovers: Leftover[] = readdirSync(mine).map((name) => {
    const path = join(mine, name);
    return { name, kind: !isProductScratch(name) ? "test" : held.has(path) ? "held" : "product" };
  });
  removeAllTempFolders();
  writeFileSync(`${mine}${RECORD_SUFFIX}`, JSON.stringify({ file, leftovers } satisfies FileRecord));
  const product = leftovers.filter((leftover) => leftover.kind === "product");
  for (const [kind, why] of [["held", "held by process runners the test made and did not close"], ["test", "not removed by the test"]] as const) {
    const names = leftovers.filter((leftover) => leftover.kind === kind).map((leftover) => leftover.name);
    if (names.length > 0) process.stderr.write(`temp folder check: WARNING ${file} left ${names.length} temp folder(s) (${why}): ${names.join(", ")}\n`);
  }
  rmSync(mine, { recursive: true, force: true });
  if (product.length > 0) {
    throw new Error(`temp folder check: ${file} left greenlight's own scratch folders behind: ${product.map((leftover) => leftover.name).join(", ")} (a greenlight process it started did not remove them: the product must, on success, failure and abort; a test that kills greenlight with SIGKILL must remove its TMPDIR)`);
  }
});

import { mkdirSync } from "node:fs";
import { rm } from "node:fs/promises";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { browserAvailable, openBrowser, type OpenBrowser } from "../support/browser.js";
import { greenlight, runDemo, runParallel } from "../support/report-scenarios.js";

/**
 * `greenlight report` on the demo's state and on a parallel run's state, opened from disk in headless
 * Chromium: its rows, its filter, a requirement's detail with its diff. Screenshots go to test-artifacts/.
 */

const ARTIFACTS = resolve(import.meta.dirname, "../../test-artifacts");
const available = browserAvailable();
const roots: string[] = [];
let browser: OpenBrowser | undefined;

beforeAll(async () => {
  if (available) browser = await openBrowser();
  mkdirSync(ARTIFACTS, { recursive: true });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  for (const root of roots) await rm(root, { recursive: true, force: true });
});

/** Opens the file with every request that is not the file itself recorded (and refused). */
async function open(file: string) {
  const page = await browser!.context.newPage();
  const requests: string[] = [];
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  await page.route("**/*", (route) => {
    const url = route.request().url();
    if (url === pathToFileURL(file).href) return route.continue();
    requests.push(url);
    return route.abort();
  });
  await page.goto(pathToFileURL(file).href);
  return { page, requests, errors };
}

describe.skipIf(!available)("the report in a browser", () => {
  it("shows the demo's matrix, filters it, and opens a requirement's detail with its diff", { timeout: 120_000 }, async () => {
    const demo = runDemo();
    roots.push(demo.root);
    const out = join(demo.root, "report.html");
    const written = greenlight(["report", "--project", demo.project, "--out", out]);
    expect(written.stdout).toContain(`report: ${out}`);
    const { page, requests, errors } = await open(out);

    const rows = page.locator("#matrix tbody tr");
    await expect.poll(() => rows.count()).toBe(3);
    expect(await rows.nth(1).locator("td").nth(0).innerText()).toBe("REQ-002");
    expect(await rows.nth(1).locator("td").nth(2).innerText()).toBe("approved");
    expect(await page.locator("#attention").innerText()).toContain("Nothing to flag");
    await page.screenshot({ path: join(ARTIFACTS, "report-demo-matrix.png") });

    await page.locator("button.filter[data-filter='open']").click();
    expect(await page.locator("#matrix tbody tr:not(.hidden)").count()).toBe(0);
    expect(await page.locator("#shown-count").innerText()).toBe("0 of 3 shown");
    await page.locator("button.filter[data-filter='all']").click();
    await page.locator("#search").fill("divide");
    expect(await page.locator("#matrix tbody tr:not(.hidden)").count()).toBe(1);
    expect(await page.locator("#matrix tbody tr:not(.hidden) td").first().innerText()).toBe("REQ-002");

    await page.locator("#matrix a.open-detail[data-target='req-REQ-002']").click();
    const detail = page.locator("details#req-REQ-002");
    expect(await detail.getAttribute("open")).not.toBeNull();
    const diff = detail.locator(".d2h-file-wrapper");
    expect(await diff.count()).toBeGreaterThan(0);
    await expect.poll(() => diff.first().isVisible()).toBe(true);
    expect(await detail.locator(".diff").innerText()).toContain("divide");
    expect(await detail.locator("table.tests").innerText()).toMatch(/failed as required\s+passed/);
    expect(await detail.locator("table.sessions tbody tr").count()).toBeGreaterThan(0);
    await page.screenshot({ path: join(ARTIFACTS, "report-demo.png") });
    await diff.first().scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(ARTIFACTS, "report-demo-diff.png") });

    // Printed, the controls go and every requirement opens.
    await page.emulateMedia({ media: "print" });
    expect(await page.locator(".controls").isVisible()).toBe(false);
    await page.evaluate("window.dispatchEvent(new Event(\"beforeprint\"))");
    expect(await page.locator("details.requirement:not([open])").count()).toBe(0);
    await page.emulateMedia({ media: "screen" });

    // The demo's backend tried to change a locked test once: the detail says who and what.
    await page.locator("#search").fill("");
    await page.locator("#matrix a.open-detail[data-target='req-REQ-001']").click();
    expect(await page.locator("details#req-REQ-001").innerText()).toMatch(/Refused cheats \(1\)[\s\S]*backend, refused at the tool/);
    expect(requests).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("shows a parallel run's lanes, integration commits and each requirement's own change", { timeout: 240_000 }, async () => {
    const parallel = await runParallel();
    roots.push(parallel.root);
    const out = join(parallel.root, "report.html");
    greenlight(["report", "--project", parallel.project, "--out", out]);
    const { page, requests, errors } = await open(out);

    expect(await page.locator("#matrix tbody tr").count()).toBe(2);
    const lanes = await page.locator(".timeline .lane-name").allInnerTexts();
    expect(lanes).toEqual(expect.arrayContaining(["REQ-001", "REQ-002"]));
    expect(await page.locator(".timeline h3").first().innerText()).toContain("parallel lanes");

    await page.locator("#matrix a.open-detail[data-target='req-REQ-002']").click();
    const detail = page.locator("details#req-REQ-002");
    expect(await detail.locator(".commit").innerText()).toMatch(/^[0-9a-f]{40}$/);
    const files = await detail.locator(".d2h-file-name").allInnerTexts();
    // Its own change only: the other lane's files are not in its diff.
    expect(files.join(" ")).toContain("src/r2.js");
    expect(files.join(" ")).not.toContain("src/r1.js");
    await page.screenshot({ path: join(ARTIFACTS, "report-parallel.png") });
    expect(requests).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });
});

import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext } from "playwright-core";

export const CHROMIUM = "/usr/bin/chromium";

const FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

/**
 * Whether the browser tests can run here. CI sets GREENLIGHT_REQUIRE_BROWSER=1 and installs Debian's
 * chromium: there a missing browser fails the run instead of skipping it.
 */
export function browserAvailable(): boolean {
  if (existsSync(CHROMIUM)) return true;
  if (process.env.GREENLIGHT_REQUIRE_BROWSER === "1") throw new Error(`${CHROMIUM} is missing and GREENLIGHT_REQUIRE_BROWSER=1: install it with apt-get install -y chromium`);
  console.warn(`\n*** SKIPPING the report's browser tests: ${CHROMIUM} is missing (apt-get install -y chromium) ***\n`);
  return false;
}

export interface OpenBrowser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** Headless Debian chromium with a fresh profile, a 1280x800 viewport and no network features of its own. */
export async function openBrowser(): Promise<OpenBrowser> {
  const profile = mkdtempSync(join(tmpdir(), "greenlight-chromium-"));
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, viewport: { width: 1280, height: 800 }, args: FLAGS });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

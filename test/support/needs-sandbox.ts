import { beforeEach, describe } from "vitest";
import { sandboxUnavailable } from "../../src/process/index.js";

declare module "vitest" {
  interface TaskMeta {
    /** Set on tests that need bubblewrap: why it is missing here, read by the sandbox-skip reporter. */
    sandboxMissing?: string;
  }
}

/** Why the OS sandbox cannot run here (the probe greenlight itself uses), or undefined when it can. */
export const sandboxMissing = await sandboxUnavailable();

/** Set by .ci/run: a machine without the sandbox fails these tests rather than skipping them. */
export const sandboxRequired = process.env.GREENLIGHT_REQUIRE_SANDBOX === "1";

/** Test options for a test that needs bubblewrap: skipped where it is missing, unless it is required. */
export const needsSandbox = { skip: sandboxMissing !== undefined && !sandboxRequired, meta: { sandboxMissing } };

/** A describe() whose tests all need bubblewrap; when it is required and missing, each fails saying why. */
export function describeWithSandbox(name: string, body: () => void): void {
  describe(name, needsSandbox, () => {
    beforeEach(() => {
      if (sandboxMissing !== undefined) throw new Error(`GREENLIGHT_REQUIRE_SANDBOX=1 but there is no OS sandbox here: ${sandboxMissing}. Install it: sudo apt-get install bubblewrap`);
    });
    body();
  });
}

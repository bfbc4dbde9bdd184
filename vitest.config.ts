import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    pool: "forks",
    testTimeout: 30_000,
    hookTimeout: 30_000,
    reporters: ["default", "./test/support/sandbox-skip-reporter.ts"],
    // Each test file gets its own TMPDIR; what it leaves there is reported, and fails it when it is greenlight's own scratch.
    globalSetup: ["test/support/temp-check/global.ts"],
    setupFiles: ["test/support/temp-check/per-file.ts"],
  },
});

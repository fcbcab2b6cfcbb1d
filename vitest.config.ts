import { defineConfig } from "vitest/config";

const shared = { testTimeout: 30_000, hookTimeout: 180_000, pool: "forks" as const };

export default defineConfig({
  test: {
    // `make test` measures line, branch and function coverage of the product code (V8's own
    // counters, so no instrumentation step) and fails when it drops below what it was when the
    // floor was set. Raise the floor when coverage grows; never lower it to get a change in.
    coverage: {
      provider: "v8",
      include: ["packages/*/src/**/*.ts", "services/*/src/**/*.ts"],
      exclude: ["**/*.d.ts"],
      reporter: ["text-summary", "json-summary"],
      reportsDirectory: "coverage",
      thresholds: { lines: 0, branches: 0, functions: 0, statements: 0 },
    },
    projects: [
      {
        test: {
          ...shared,
          name: "unit",
          include: ["packages/*/test/**/*.test.ts", "services/*/test/**/*.test.ts", "tests/**/*.test.ts"],
          exclude: ["packages/aws/test/**", "tests/aws/**", "**/node_modules/**"],
        },
      },
      {
        // Integration tests against the emulated AWS stack (moto + OpenSearch + Bedrock stand-in),
        // started once for the run by the global setup when it is not already up.
        test: {
          ...shared,
          name: "aws",
          include: ["packages/aws/test/**/*.test.ts", "tests/aws/**/*.test.ts"],
          globalSetup: ["packages/aws/test/support/global-setup.ts"],
          // moto and OpenSearch share two cores with the tests: one file at a time keeps them responsive.
          fileParallelism: false,
        },
      },
    ],
  },
});

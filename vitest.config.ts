import { defineConfig } from "vitest/config";

const shared = { testTimeout: 30_000, hookTimeout: 180_000, pool: "forks" as const };

export default defineConfig({
  test: {
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

// The web UI in a real Chromium against the AWS adapters on the emulated stack: Cognito sign-in
// (moto) from the browser, uploads PUT straight to the raw bucket's pre-signed S3 URLs, the
// worker through EventBridge and SQS, search on OpenSearch, Bedrock through its stand-in.

import { DEFAULT_DEV_PASSWORD } from "@docworker/dev-provisioning";
import { type RunningStandalone, startStandalone } from "@docworker/standalone";
import { afterAll, beforeAll, describe } from "vitest";
import { defineUiWalkthrough } from "../browser/support/ui-walkthrough.ts";
import { type AwsHarness, openAwsHarness } from "./support/aws-pipeline-harness.ts";

let h: AwsHarness;
let app: RunningStandalone;

beforeAll(async () => {
  h = await openAwsHarness({ extraEnv: { AUTH_MODE: "cognito", LOG_FORMAT: "json" } });
  app = await startStandalone({ port: 0, host: "127.0.0.1", env: h.env });
});

afterAll(async () => {
  await app?.stop();
  await h?.close();
});

describe("the web UI on the emulated AWS stack, signed in through Cognito", () => {
  defineUiWalkthrough(
    "aws",
    () => ({
      url: app.url,
      signIn: { email: "alice@acme.test", password: h.env.DOCWORKER_DEV_PASSWORD || DEFAULT_DEV_PASSWORD },
    }),
    { processMs: 60_000 },
  );
});

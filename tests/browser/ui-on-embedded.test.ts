// The web UI in a real Chromium against `make run`'s shape: API + worker in one process on the
// embedded adapters, no auth, a temporary data directory.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type RunningStandalone, startStandalone } from "@docworker/standalone";
import { afterAll, beforeAll, describe } from "vitest";
import { defineUiWalkthrough } from "./support/ui-walkthrough.ts";

let app: RunningStandalone;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "docworker-ui-"));
  app = await startStandalone({
    port: 0,
    host: "127.0.0.1",
    env: { DOCWORKER_DATA_DIR: dataDir, EMBEDDINGS_PROVIDER: "hashing", LOG_LEVEL: "silent", LOG_FORMAT: "json" },
  });
});

afterAll(async () => {
  await app?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe("the web UI on the embedded default", () => {
  defineUiWalkthrough("embedded", () => ({ url: app.url }), { processMs: 30_000 });
});

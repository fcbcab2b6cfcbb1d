import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AwsHarness, openAwsHarness, waitFor } from "./support/aws-pipeline-harness.ts";

const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));
const DOCUMENT_ID = "doc_000000000000000000c1";
const KEY = `tenants/default/documents/${DOCUMENT_ID}/crash.txt`;

let h: AwsHarness;
const workers: ChildProcess[] = [];

/** A real worker process, as ECS would run it, on this harness's resources. */
function startWorker(): ChildProcess {
  const worker = spawn(process.execPath, ["services/worker/src/main.ts"], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? "", ...h.env },
    stdio: "ignore",
  });
  workers.push(worker);
  return worker;
}

beforeAll(async () => {
  h = await openAwsHarness({ visibilityTimeoutSeconds: 5, extraEnv: { WORKER_LEASE_SECONDS: "5" } });
  await h.createIndexAsTheApiDoes();
});

afterAll(async () => {
  for (const worker of workers) worker.kill("SIGKILL");
  await h?.close();
});

describe("a worker killed in the middle of a document", () => {
  it("is replaced by another that completes the document after the visibility timeout, without duplicate chunks", async () => {
    h.bedrock.faults.set({ latencyMs: 2500 }); // every Bedrock call is slow: the first worker dies mid-way
    const first = startWorker();
    await h.putObject(KEY, "A document whose first worker is killed while Bedrock is still thinking about it.");
    await waitFor("the first worker to claim the document", async () =>
      (await h.record(DOCUMENT_ID))?.status === "PROCESSING" ? true : undefined,
    );
    first.kill("SIGKILL");
    h.bedrock.faults.set({ latencyMs: 0 });

    startWorker();
    const record = await waitFor(
      "the second worker to finish",
      async () => {
        const current = await h.record(DOCUMENT_ID);
        return current?.status === "PROCESSED" ? current : undefined;
      },
      60_000,
    );
    expect(record.attempts).toBe(2);
    expect(record.chunkCount).toBeGreaterThan(0);
    expect(await h.chunksInIndex(DOCUMENT_ID)).toBe(record.chunkCount);
  }, 90_000);
});

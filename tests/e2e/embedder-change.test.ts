import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type RunningStandalone, startStandalone } from "@docworker/standalone";
import { afterAll, describe, expect, it } from "vitest";
import { standaloneClient } from "../support/standalone-client.ts";

// make run with one embedder, then restarted with another: the new vector space is filled by a
// job the API starts by itself, and searches switch to it when the job is done.
const dataDir = mkdtempSync(join(tmpdir(), "docworker-embedder-change-"));
let app: RunningStandalone | undefined;

afterAll(async () => {
  await app?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const start = (dimension: number) =>
  startStandalone({
    port: 0,
    host: "127.0.0.1",
    env: {
      DOCWORKER_DATA_DIR: dataDir,
      LOG_LEVEL: "silent",
      EMBEDDINGS_PROVIDER: "hashing",
      EMBEDDING_DIMENSION: String(dimension),
      REPROCESS_RATE_PER_SECOND: "50",
    },
  });

const { api } = standaloneClient(() => {
  if (!app) throw new Error("the standalone server is not running");
  return app.url;
});

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const search = () =>
  api<{ results: { documentId: string }[] }>("/search", {
    method: "POST",
    body: JSON.stringify({ query: "tide tables harbour", mode: "hybrid", k: 10 }),
  });

describe("changing the embedder of make run", { timeout: 180_000 }, () => {
  it("re-embeds every document into the new embedder's space and switches searches when done", async () => {
    app = await start(256);
    const ids: string[] = [];
    for (const [i, text] of ["Tide tables for the harbour, spring 2026.", "Harbour dues and tide gauges."].entries()) {
      const created = await api<{ documentId: string; upload: { url: string; headers: Record<string, string> } }>(
        "/documents",
        { method: "POST", body: JSON.stringify({ filename: `harbour-${i}.txt`, contentType: "text/plain" }) },
      );
      await fetch(created.body.upload.url, {
        method: "PUT",
        headers: created.body.upload.headers,
        body: new TextEncoder().encode(text),
      });
      ids.push(created.body.documentId);
    }
    for (const id of ids) {
      await until(`${id} processed`, async () => {
        const { body } = await api<{ status: string }>(`/documents/${id}`);
        return body.status === "PROCESSED" ? true : undefined;
      });
    }
    expect((await search()).body.results.map((r) => r.documentId).sort()).toEqual([...new Set(ids)].sort());
    await app.stop();

    app = await start(128);
    const jobId = "job_reembed_hashing-lexical-v1-128-128";
    const job = await until("the re-embedding job", async () => {
      const { status, body } = await api<{ status: string; processed: number; matched: number }>(`/jobs/${jobId}`);
      expect(status).toBe(200);
      // Searches go on while the job runs, on the old space until the switch.
      expect((await search()).body.results.length).toBeGreaterThan(0);
      return body.status === "SUCCEEDED" ? body : undefined;
    });
    expect(job).toMatchObject({ matched: 2, processed: 2, failed: 0 });
    await until("the switch", async () => {
      const { body } = await api<{ embedder: string }>(`/documents/${ids[0]}`);
      return body.embedder === "hashing-lexical-v1-128" ? true : undefined;
    });
    const after = await search();
    expect(after.body.results.map((r) => r.documentId).sort()).toEqual([...new Set(ids)].sort());
  });
});

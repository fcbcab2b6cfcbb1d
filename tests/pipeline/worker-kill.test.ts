// The embedded worker killed with SIGKILL while documents are in flight (kill -9, the OOM killer,
// a container stopped hard): a document's record, chunks and processed JSON are committed together
// with those of the other documents in its group, and its message is deleted only after that
// commit. So whatever the moment of the kill, every document either is PROCESSED with all its
// outputs or still has its message, and a new worker finishes it; none is lost, none half-written.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type EmbeddedAdapters, openEmbeddedAdapters } from "@docworker/embedded";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));
const DOCUMENTS = 120;
const TENANT = "acme";
const id = (n: number) => `doc_${n.toString(16).padStart(18, "0")}`;

let dataDir: string;
let adapters: EmbeddedAdapters;
const workers: ChildProcess[] = [];

/** The worker service as it runs in production, on the embedded adapters of `dataDir`. */
function startWorker(): ChildProcess {
  const worker = spawn(process.execPath, ["services/worker/src/main.ts"], {
    cwd: REPO_ROOT,
    env: {
      PATH: process.env.PATH ?? "",
      DOCWORKER_DATA_DIR: dataDir,
      EMBEDDINGS_PROVIDER: "hashing",
      WORKER_CONCURRENCY: "16",
      WORKER_LEASE_SECONDS: "5",
      LOG_LEVEL: "warn",
    },
    stdio: "ignore",
  });
  workers.push(worker);
  return worker;
}

const count = (sql: string): number => (adapters.db.prepare(sql).get() as { n: number }).n;
const processedCount = () => count("SELECT count(*) AS n FROM documents WHERE status = 'PROCESSED'");

async function waitFor(what: string, check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Every PROCESSED document has its chunks and its processed JSON; returns how many are PROCESSED. */
async function assertProcessedAreWhole(): Promise<number> {
  const rows = adapters.db
    .prepare("SELECT document_id, chunk_count FROM documents WHERE status = 'PROCESSED'")
    .all() as { document_id: string; chunk_count: number }[];
  for (const row of rows) {
    expect({ id: row.document_id, chunks: await adapters.index.countChunks(TENANT, row.document_id) }).toEqual({
      id: row.document_id,
      chunks: row.chunk_count,
    });
    const json = await adapters.blobs.get({
      bucket: "processed-output",
      key: `tenants/${TENANT}/documents/${row.document_id}.json`,
    });
    expect(JSON.parse(new TextDecoder().decode(json?.body)).documentId).toBe(row.document_id);
  }
  return rows.length;
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "docworker-kill-"));
  adapters = openEmbeddedAdapters({ dataDir, rawBucket: "raw-input", processedBucket: "processed-output" });
  for (let n = 1; n <= DOCUMENTS; n++) {
    const text = `Report ${n}\n\nThe quarterly figures for region ${n} were reviewed by the board on 3 March 2025.`;
    await adapters.blobs.put(
      { bucket: "raw-input", key: `tenants/${TENANT}/documents/${id(n)}/report-${n}.txt` },
      new TextEncoder().encode(text),
      { contentType: "text/plain" },
    );
  }
});

afterAll(async () => {
  for (const worker of workers) worker.kill("SIGKILL");
  await adapters?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe("the embedded worker killed with SIGKILL in the middle of a queue", () => {
  it("loses no document and leaves none half-written; a new worker finishes the rest", async () => {
    const first = startWorker();
    await waitFor("the first documents to be processed", () => processedCount() >= 10, 60_000);
    first.kill("SIGKILL");
    await new Promise((resolve) => first.once("exit", resolve));

    const done = await assertProcessedAreWhole();
    expect(done).toBeLessThan(DOCUMENTS); // killed in the middle, not after the end
    // A document without its outputs still has its message: nothing acknowledged before its commit.
    const waiting = count("SELECT count(*) AS n FROM queue_messages WHERE state = 'ready'");
    expect(waiting).toBeGreaterThanOrEqual(DOCUMENTS - done);

    // The killed worker's messages come back after their visibility timeout; let it lapse now.
    adapters.db.prepare("UPDATE queue_messages SET visible_at = 0 WHERE receipt IS NOT NULL").run();
    startWorker();
    await waitFor("every document to be processed", () => processedCount() === DOCUMENTS, 90_000);
    expect(await assertProcessedAreWhole()).toBe(DOCUMENTS);
    expect(count("SELECT count(*) AS n FROM documents WHERE status <> 'PROCESSED'")).toBe(0);
  }, 180_000);
});

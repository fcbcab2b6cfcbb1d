import { spawn } from "node:child_process";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openSqliteDatabase, SqliteEventQueue, SqliteMetadataStore } from "../src/index.ts";
import { tempDir } from "./temp-dir.ts";

const WORKER = join(import.meta.dirname, "support", "competing-worker.ts");

interface WorkerResult {
  received: string[];
  claimed: string[];
}

/** A worker process: `ready` once it has opened the database, `go` to start, `result` when idle. */
function startWorker(path: string) {
  const child = spawn(process.execPath, ["--no-warnings", WORKER, path], { stdio: ["pipe", "pipe", "inherit"] });
  let output = "";
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    markReady = resolve;
  });
  child.stdout.setEncoding("utf8");
  child.stdout.on("data", (data: string) => {
    output += data;
    if (output.startsWith("ready\n")) markReady();
  });
  const result = new Promise<WorkerResult>((resolve, reject) => {
    child.on("error", reject);
    child.on("exit", (code) => {
      if (code !== 0) return reject(new Error(`worker exited with ${code}`));
      resolve(JSON.parse(output.slice("ready\n".length)) as WorkerResult);
    });
  });
  return { ready, result, go: () => child.stdin.end("go\n") };
}

describe("several processes on one data directory", () => {
  let dir: string;
  let remove: () => void;
  beforeEach(() => {
    ({ dir, remove } = tempDir());
  });
  afterEach(() => remove());

  it("delivers each message to exactly one worker process, and one process claims each document", async () => {
    const path = join(dir, "docworker.db");
    const db = openSqliteDatabase(path);
    const queue = new SqliteEventQueue(db);
    new SqliteMetadataStore(db);
    const bodies = Array.from({ length: 90 }, (_, i) => String(i + 1));
    for (const body of bodies) await queue.send(body);
    // The same documents once more under other messages, so the workers race to claim them.
    for (const body of bodies) await queue.send(body);
    db.close();

    const workers = [1, 2, 3].map(() => startWorker(path));
    await Promise.all(workers.map((w) => w.ready));
    for (const worker of workers) worker.go();
    const results = await Promise.all(workers.map((w) => w.result));
    const received = results.flatMap((r) => r.received);
    expect(received).toHaveLength(180);
    expect(received.sort()).toEqual([...bodies, ...bodies].sort());
    const claimed = results.flatMap((r) => r.claimed);
    expect(claimed).toHaveLength(90);
    expect(new Set(claimed).size).toBe(90);
    // Not a guarantee, but with three workers started together each should have had a share.
    expect(results.filter((r) => r.received.length > 0).length).toBeGreaterThanOrEqual(2);
  }, 90_000);
});

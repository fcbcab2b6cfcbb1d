import { randomBytes } from "node:crypto";
import { mapPool } from "../stats.ts";
import type { CorpusFile } from "../throughput/pipeline-run.ts";
import type { AwsBenchStack } from "./aws-stack.ts";
import type { LogLine, StandaloneChild } from "./standalone-child.ts";

export interface AwsIngestRun {
  documents: number;
  /** Final states as DynamoDB holds them once the run is over. */
  processed: number;
  failed: number;
  /** Documents without a final state when the time limit struck (0 on a complete run). */
  unfinished: number;
  chunks: number;
  megabytes: number;
  /** From the first PutObject to the last document's "document processed"/"document failed" line. */
  seconds: number;
  /** The PutObject calls alone (8 in flight); the worker drains the queue meanwhile. */
  putSeconds: number;
  docsPerSecond: number;
  mbPerSecond: number;
  chunksPerSecond: number;
  /** Milliseconds per stage, summed over the processed documents (4 in flight), from the worker's log. */
  stageMs: Record<string, number>;
  /** "transient failure, will retry" lines: deliveries that went round the queue again. */
  retries: number;
}

/**
 * The real AWS path on the emulated stack: each file PutObject'd into the raw bucket under its
 * own tenants/default/documents/<id>/ key; moto sends the "Object Created" event through the
 * EventBridge rule to SQS; the standalone's worker (WORKER_CONCURRENCY 4) receives it, downloads
 * from S3, parses, chunks, embeds and extracts through the Bedrock stand-in, indexes into
 * OpenSearch, writes the processed JSON to S3 and completes the DynamoDB record.
 */
export async function ingestOnEmulatedAws(
  files: readonly CorpusFile[],
  stack: AwsBenchStack,
  app: StandaloneChild,
  timeLimitMs: number,
): Promise<AwsIngestRun> {
  const tag = randomBytes(4).toString("hex");
  const ids = files.map((_, i) => `doc_${tag}${String(i).padStart(12, "0")}`);
  const wanted = new Set(ids);
  const done = new Map<string, "processed" | "failed">();
  const stageMs: Record<string, number> = {};
  let chunks = 0;
  let retries = 0;
  let lastAt = 0;
  app.onLine((line: LogLine) => {
    const id = line.documentId as string | undefined;
    if (!id || !wanted.has(id)) return;
    if (line.msg === "transient failure, will retry") retries++;
    if ((line.msg !== "document processed" && line.msg !== "document failed") || done.has(id)) return;
    done.set(id, line.msg === "document processed" ? "processed" : "failed");
    lastAt = performance.now();
    if (line.msg !== "document processed") return;
    chunks += Number(line.chunkCount ?? 0);
    for (const [stage, ms] of Object.entries((line.stages ?? {}) as Record<string, number>)) {
      stageMs[stage] = (stageMs[stage] ?? 0) + ms;
    }
  });

  const started = performance.now();
  await mapPool(files, 8, (file, i) =>
    stack.putRaw(`tenants/default/documents/${ids[i]}/${file.filename}`, file.bytes, file.contentType),
  );
  const putSeconds = (performance.now() - started) / 1000;
  while (done.size < files.length && performance.now() - started < timeLimitMs) {
    await new Promise((r) => setTimeout(r, 50));
  }
  const seconds = ((done.size === files.length ? lastAt : performance.now()) - started) / 1000;

  // The records as DynamoDB holds them (outside the timed window): the log is not the source of truth.
  const statuses = await mapPool(ids, 8, (id) => stack.status(id));
  const processed = statuses.filter((s) => s === "PROCESSED").length;
  const failed = statuses.filter((s) => s === "FAILED").length;
  const megabytes = files.reduce((sum, f) => sum + f.bytes.byteLength, 0) / 1e6;
  return {
    documents: files.length,
    processed,
    failed,
    unfinished: files.length - processed - failed,
    chunks,
    megabytes,
    seconds,
    putSeconds,
    docsPerSecond: done.size / seconds,
    mbPerSecond: megabytes / seconds,
    chunksPerSecond: chunks / seconds,
    stageMs,
    retries,
  };
}

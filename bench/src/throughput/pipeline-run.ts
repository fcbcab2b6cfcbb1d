import { join } from "node:path";
import type { Embedder } from "@docworker/core";
import { openRuntime } from "@docworker/runtime";
import { startWorker } from "@docworker/worker";
import { profileMainThread, type TimeShare, whereTheTimeGoes } from "./main-thread-profile.ts";

export interface CorpusFile {
  filename: string;
  bytes: Uint8Array;
  contentType: string;
}

export interface PipelineRun {
  embedder: string;
  documents: number;
  processed: number;
  failed: number;
  chunks: number;
  megabytes: number;
  seconds: number;
  docsPerSecond: number;
  mbPerSecond: number;
  chunksPerSecond: number;
  /** Milliseconds per stage, summed over the processed documents (they overlap: 4 at a time). */
  stageMs: Record<string, number>;
  /** With `profile`: the event loop's time from worker start to the last document, by what it ran. */
  mainThread?: TimeShare[];
}

export interface PipelineRunOptions {
  workerConcurrency?: number;
  /** IN_PROCESS_TEXT_MAX_BYTES for this run (0: every document through the parse pool). */
  inProcessTextMaxBytes?: number;
  /** Profile the event loop while the worker drains the queue (the sampling costs a little). */
  profile?: boolean;
}

/**
 * The real embedded pipeline, as the worker service assembles it (openRuntime, serving the
 * worker; the PARSE_* settings from this process's environment): the files are put into the raw-input bucket
 * first (each put queues its S3-style event), then the worker (WORKER_CONCURRENCY, default 16) drains the
 * queue through handleQueueMessage — claim, download, parse, chunk, embed, extract, index, write
 * the processed JSON, complete the record. Timed from the worker's start to the last document.
 */
export async function runPipeline(
  files: readonly CorpusFile[],
  embedder: Embedder,
  dataDir: string,
  options: PipelineRunOptions = {},
): Promise<PipelineRun> {
  const stageMs: Record<string, number> = {};
  let processed = 0;
  let failed = 0;
  let chunks = 0;
  const logger = {
    info(fields: Record<string, unknown>, message: string) {
      if (message !== "document processed") return;
      processed++;
      chunks += Number(fields.chunkCount ?? 0);
      for (const [stage, ms] of Object.entries((fields.stages ?? {}) as Record<string, number>)) {
        stageMs[stage] = (stageMs[stage] ?? 0) + ms;
      }
    },
    warn(_fields: Record<string, unknown>, message: string) {
      if (message === "document failed") failed++;
    },
    error() {},
    debug() {},
  };
  const runtime = await openRuntime({
    name: "docworker-bench",
    serves: ["worker"],
    env: {
      ...parseSettings(process.env),
      DOCWORKER_DATA_DIR: dataDir,
      LOG_LEVEL: "silent",
      OCR_ENGINE: "none",
      ...(options.workerConcurrency ? { WORKER_CONCURRENCY: String(options.workerConcurrency) } : {}),
      ...(options.inProcessTextMaxBytes === undefined
        ? {}
        : { IN_PROCESS_TEXT_MAX_BYTES: String(options.inProcessTextMaxBytes) }),
    },
    overrides: { embedder, logger },
  });
  try {
    const { deps, events } = runtime;
    if (!events) throw new Error("a runtime that serves the worker has its queue");
    const rawBucket = runtime.config.core.rawBucket;
    for (const [i, file] of files.entries()) {
      await deps.blobs.put({ bucket: rawBucket, key: join("bench", String(i), file.filename) }, file.bytes, {
        contentType: file.contentType,
      });
    }
    const drain = async () => {
      const started = performance.now();
      const worker = startWorker(deps, events, logger);
      while (processed + failed < files.length) await new Promise((r) => setTimeout(r, 10));
      const seconds = (performance.now() - started) / 1000;
      await worker.stop();
      return seconds;
    };
    const { seconds, mainThread } = options.profile
      ? await profileMainThread(drain).then(({ result, profile }) => ({
          seconds: result,
          mainThread: whereTheTimeGoes(profile, files.length),
        }))
      : { seconds: await drain(), mainThread: undefined };
    const megabytes = files.reduce((sum, f) => sum + f.bytes.byteLength, 0) / 1e6;
    return {
      embedder: embedder.model,
      documents: files.length,
      processed,
      failed,
      chunks,
      megabytes,
      seconds,
      docsPerSecond: files.length / seconds,
      mbPerSecond: megabytes / seconds,
      chunksPerSecond: chunks / seconds,
      stageMs,
      ...(mainThread ? { mainThread } : {}),
    };
  } finally {
    await runtime.close();
  }
}

/** The parse pool's settings a benchmark run is given (PARSE_WORKERS and the rest). */
function parseSettings(env: Record<string, string | undefined>): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(env).filter(([name]) => name.startsWith("PARSE_")));
}

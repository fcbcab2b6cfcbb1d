import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type Embedder,
  encodeS3EventBridgeEvent,
  handleQueueMessage,
  type InboundMessage,
  type MessageDisposition,
} from "@docworker/core";
import type { ParsePoolConfig } from "@docworker/parse-pool";
import { openRuntime } from "@docworker/runtime";

export type Harness = Awaited<ReturnType<typeof openHarness>>;

/**
 * The real pipeline as `make run` assembles it (openRuntime on the embedded adapters, in a
 * temporary directory): the batcher in front of the embedder, the vector spaces, the local
 * classifier, parsing in a worker process with a heap limit and a deadline. Events are built and
 * delivered by hand so a test decides their order and how often each arrives.
 */
export async function openHarness(
  options: { embedder?: Embedder; env?: Record<string, string>; parsePool?: Partial<ParsePoolConfig> } = {},
) {
  const dataDir = mkdtempSync(join(tmpdir(), "docworker-pipeline-"));
  const runtime = await openRuntime({
    env: {
      DOCWORKER_DATA_DIR: dataDir,
      LOG_LEVEL: "silent",
      EMBEDDINGS_PROVIDER: "hashing",
      EMBEDDING_DIMENSION: "256",
      // Scans are read only by the tests that ask for Tesseract.
      OCR_ENGINE: "none",
      PARSE_WORKERS: "1",
      PARSE_HEAP_MB: "256",
      PARSE_TIMEOUT_SECONDS: "20",
      OCR_PAGE_TIMEOUT_SECONDS: "60",
      WORKER_MAX_ATTEMPTS: "3",
      CHUNK_TARGET_TOKENS: "120",
      CHUNK_OVERLAP_TOKENS: "0",
      ...options.env,
    },
    overrides: {
      ...(options.embedder ? { embedder: options.embedder } : {}),
      ...(options.parsePool ? { parsePool: options.parsePool } : {}),
    },
  });
  const { deps } = runtime;
  const config = runtime.config.core;
  const { queue, jobs } = deps;
  const events = runtime.events;
  if (!queue || !jobs || !events) throw new Error("the embedded runtime has a queue and a job store");
  let sequence = 0x1000;
  let messageId = 0;

  return {
    deps,
    /** The stores the runtime opened, for what a test does beside the pipeline. */
    adapters: { blobs: deps.blobs, queue, jobs },
    config,
    /** A strictly increasing S3-style sequencer. */
    nextSequencer: () => (sequence++).toString(16).toUpperCase().padStart(18, "0"),
    /**
     * Writes an object straight to the raw store. Its event is published on the embedded queue too,
     * which only startConsuming reads; tests that deliver by hand leave it there.
     */
    async putRaw(key: string, text: string | Uint8Array) {
      const body = typeof text === "string" ? new TextEncoder().encode(text) : text;
      await deps.blobs.put({ bucket: config.rawBucket, key }, body, { contentType: "text/plain" });
      const stored = await deps.blobs.get({ bucket: config.rawBucket, key });
      return { etag: stored?.etag ?? "", size: body.length };
    },
    createdMessage(key: string, etag: string, sequencer: string, size?: number) {
      return JSON.stringify(
        encodeS3EventBridgeEvent({
          type: "Object Created",
          bucket: config.rawBucket,
          key,
          etag,
          sequencer,
          ...(size === undefined ? {} : { size }),
        }),
      );
    },
    deletedMessage(key: string, sequencer: string) {
      return JSON.stringify(
        encodeS3EventBridgeEvent({ type: "Object Deleted", bucket: config.rawBucket, key, sequencer }),
      );
    },
    /** Delivers one message body as the worker would, receive count included. */
    async deliver(body: string, receiveCount = 1): Promise<MessageDisposition> {
      const message: InboundMessage = { id: `m-${++messageId}`, body, receiveCount, extendVisibility: async () => {} };
      return handleQueueMessage(deps, message);
    },
    preparer: deps.preparer,
    /** Consumes the embedded queue with the pipeline, as the worker does (reprocess messages go there). */
    startConsuming(concurrency = 2) {
      events.start((message) => handleQueueMessage(deps, message), { concurrency });
    },
    async close() {
      await runtime.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type Embedder,
  encodeS3EventBridgeEvent,
  GENERIC_DOCUMENT_SCHEMA,
  handleQueueMessage,
  type InboundMessage,
  loadCoreConfig,
  type MessageDisposition,
  type PipelineDependencies,
  silentLogger,
} from "@docworker/core";
import { openEmbeddedAdapters } from "@docworker/embedded";
import { createHashingEmbedder, createRulesExtractor } from "@docworker/local-models";
import { createParsePool, type ParsePoolConfig } from "@docworker/parse-pool";

export type Harness = Awaited<ReturnType<typeof openHarness>>;

/**
 * The real pipeline on the real embedded adapters in a temporary directory. Events are built and
 * delivered by hand so a test decides their order and how often each arrives.
 */
export function openHarness(
  options: { embedder?: Embedder; env?: Record<string, string>; parsePool?: Partial<ParsePoolConfig> } = {},
) {
  const dataDir = mkdtempSync(join(tmpdir(), "docworker-pipeline-"));
  const config = loadCoreConfig({
    WORKER_MAX_ATTEMPTS: "3",
    CHUNK_TARGET_TOKENS: "120",
    CHUNK_OVERLAP_TOKENS: "0",
    ...options.env,
  });
  const adapters = openEmbeddedAdapters({
    dataDir,
    rawBucket: config.rawBucket,
    processedBucket: config.processedBucket,
  });
  // The shape the services run: parsing in a worker process with a heap limit and a deadline.
  const preparer = createParsePool({
    workers: 1,
    heapMb: 256,
    timeoutSeconds: 20,
    ocrPageTimeoutSeconds: 60,
    ...options.parsePool,
  });
  const deps: PipelineDependencies = {
    config,
    blobs: adapters.blobs,
    metadata: adapters.metadata,
    index: adapters.index,
    embedder: options.embedder ?? createHashingEmbedder({ dimension: 256 }),
    extractor: createRulesExtractor(),
    preparer,
    extractionSchema: GENERIC_DOCUMENT_SCHEMA,
    queue: adapters.queue,
    jobs: adapters.jobs,
    logger: silentLogger,
  };
  let sequence = 0x1000;
  let messageId = 0;

  return {
    deps,
    adapters,
    config,
    /** A strictly increasing S3-style sequencer. */
    nextSequencer: () => (sequence++).toString(16).toUpperCase().padStart(18, "0"),
    /**
     * Writes an object straight to the raw store. Its event is published on the embedded queue too,
     * which only startConsuming reads; tests that deliver by hand leave it there.
     */
    async putRaw(key: string, text: string | Uint8Array) {
      const body = typeof text === "string" ? new TextEncoder().encode(text) : text;
      await adapters.blobs.put({ bucket: config.rawBucket, key }, body, { contentType: "text/plain" });
      const stored = await adapters.blobs.get({ bucket: config.rawBucket, key });
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
    preparer,
    /** Consumes the embedded queue with the pipeline, as the worker does (reprocess messages go there). */
    startConsuming(concurrency = 2) {
      adapters.queue.start((message) => handleQueueMessage(deps, message), { concurrency });
    },
    async close() {
      await preparer.close();
      adapters.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

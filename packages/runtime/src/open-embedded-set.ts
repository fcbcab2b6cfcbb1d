import type {
  BlobStore,
  EventSource,
  JobStore,
  Logger,
  MetadataStore,
  QueuePublisher,
  SearchIndex,
} from "@docworker/core";
import type { RuntimeConfig } from "./runtime-config.ts";

export interface UploadFacts {
  bucket: string;
  key: string;
  query: Record<string, string>;
  contentType?: string;
  contentLength?: number;
}

/** What the embedded store needs from the HTTP layer to serve its pre-signed URLs. */
export interface EmbeddedUploads {
  setPublicBaseUrl(url: string): void;
  verify(request: UploadFacts): Promise<void>;
  store(request: UploadFacts, body: AsyncIterable<Uint8Array | string>): Promise<void>;
}

export interface EmbeddedSet {
  blobs: BlobStore;
  metadata: MetadataStore;
  index: SearchIndex;
  events: EventSource;
  queue: QueuePublisher;
  jobs: JobStore;
  uploads: EmbeddedUploads;
  healthCheck(): Promise<void>;
  close(): Promise<void>;
}

/** The data directory's adapters: loaded on demand so AWS images never open SQLite. */
export async function openEmbeddedSet(config: RuntimeConfig, logger: Logger): Promise<EmbeddedSet> {
  const { openEmbeddedAdapters } = await import("@docworker/embedded");
  const embedded = openEmbeddedAdapters({
    dataDir: config.dataDir,
    rawBucket: config.core.rawBucket,
    processedBucket: config.core.processedBucket,
    logger,
    ...(config.uploadSigningSecret ? { signingSecret: config.uploadSigningSecret } : {}),
  });
  return {
    blobs: embedded.blobs,
    metadata: embedded.metadata,
    index: embedded.index,
    events: embedded.queue,
    queue: embedded.queue,
    jobs: embedded.jobs,
    uploads: embedded.uploads,
    async healthCheck() {
      await embedded.metadata.list(config.core.defaultTenantId, { limit: 1 });
    },
    close: () => embedded.close(),
  };
}

import { mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { documentKeyForObject, type Logger, type UploadReceiver } from "@docworker/core";
import { FilesystemBlobStore } from "./filesystem-blob-store.ts";
import { GroupCommit } from "./group-commit.ts";
import { objectPath } from "./object-path.ts";
import { receiveUpload } from "./receive-upload.ts";
import { PooledSearchIndex } from "./search-reader-pool.ts";
import { createSqliteSequencerSource } from "./sequencer-source.ts";
import { openSqliteDatabase, type SqliteDatabase } from "./sqlite-database.ts";
import { SqliteEventQueue, type SqliteEventQueueOptions } from "./sqlite-event-queue.ts";
import { SqliteJobStore } from "./sqlite-job-store.ts";
import { SqliteMetadataStore } from "./sqlite-metadata-store.ts";
import { SqliteSearchIndex } from "./sqlite-search-index.ts";
import type { KeywordSettings } from "./sqlite-search-reader.ts";
import { SqliteVectorSpaceIndexes, SqliteVectorSpacePointer } from "./sqlite-vector-spaces.ts";
import type { AnnSettings } from "./tenant-ann.ts";
import { UploadRefusedError } from "./upload-refused-error.ts";

export interface EmbeddedAdaptersOptions {
  /** Created (mode 0700) if missing: the buckets' folders and `docworker.db` live here. */
  dataDir: string;
  /** Its puts and deletes are announced on the queue, like S3 -> EventBridge -> SQS. */
  rawBucket: string;
  processedBucket: string;
  /** Signs the upload URLs; default: generated once and kept in the data directory. */
  signingSecret?: string;
  /** Where clients reach the upload route; may be set later with blobs.setPublicBaseUrl. */
  publicBaseUrl?: string;
  queue?: Omit<SqliteEventQueueOptions, "logger">;
  busyTimeoutMs?: number;
  logger?: Logger;
  /** How often PENDING records that expired without an upload are removed; default 10 minutes. */
  pendingSweepIntervalMs?: number;
  search?: EmbeddedSearchOptions;
}

export interface EmbeddedSearchOptions {
  /**
   * Reader threads that serve searches, each with its own read-only connection; 0 (the default,
   * for processes that do not serve the API) searches on the caller's thread.
   */
  readerThreads?: number;
  /** When a tenant's vector search goes through a graph rather than an exact scan. */
  ann?: Partial<AnnSettings>;
  keyword?: Partial<KeywordSettings>;
}

export interface EmbeddedAdapters {
  blobs: FilesystemBlobStore;
  metadata: SqliteMetadataStore;
  /** The home vector space's index (see `spaces`); searches on reader threads when `search.readerThreads` is set. */
  index: SqliteSearchIndex | PooledSearchIndex;
  /** Which vector space searches read, and an index per space (each with its own graphs and reader threads). */
  spaces: { pointer: SqliteVectorSpacePointer; indexes: SqliteVectorSpaceIndexes };
  queue: SqliteEventQueue;
  /** Reprocess jobs. */
  jobs: SqliteJobStore;
  /** The receiving end of the pre-signed upload URLs, for the API's upload route. */
  uploads: UploadReceiver;
  /** The shared database, for health checks and tests. */
  db: SqliteDatabase;
  /**
   * Stops consuming the queue (messages in flight become visible again at once) and closes the
   * database. Done by the time it returns, but for the search reader threads (when there are
   * any), which are gone when the promise settles.
   * To let handlers finish first, call `queue.stop({ graceMs })` before.
   */
  close(): Promise<void>;
}

/**
 * Everything docworker needs without a cloud, in one folder. Several processes (API, worker,
 * CLI) may open the same folder at once: SQLite in WAL mode with a busy timeout serialises them.
 */
export function openEmbeddedAdapters(options: EmbeddedAdaptersOptions): EmbeddedAdapters {
  const dataDir = resolve(options.dataDir);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  for (const bucket of [options.rawBucket, options.processedBucket]) {
    // Fails early on a bucket name the filesystem store cannot hold, and shows the layout.
    mkdirSync(dirname(objectPath(dataDir, { bucket, key: "probe" })), { recursive: true, mode: 0o700 });
  }
  const databasePath = join(dataDir, "docworker.db");
  const busyTimeoutMs = options.busyTimeoutMs ?? 5000;
  const db = openSqliteDatabase(databasePath, { busyTimeoutMs });
  try {
    // One group commit for the records, the queue and the search index on this connection: a
    // document's chunks, record and ack writes join those of the other documents in flight.
    const group = new GroupCommit(db);
    const queue = new SqliteEventQueue(db, {
      ...options.queue,
      group,
      ...(options.logger ? { logger: options.logger } : {}),
    });
    const blobs = new FilesystemBlobStore({
      rootDir: dataDir,
      notifyingBuckets: [options.rawBucket],
      publish: (body) => queue.send(body),
      sequencer: createSqliteSequencerSource(db),
      ...(options.signingSecret === undefined ? {} : { signingSecret: options.signingSecret }),
      ...(options.publicBaseUrl === undefined ? {} : { publicBaseUrl: options.publicBaseUrl }),
    });
    const metadata = new SqliteMetadataStore(db, { group });
    const sweep = () => {
      const removed = metadata.sweepExpiredPending();
      if (removed > 0) options.logger?.info({ removed }, "expired pending documents removed");
    };
    sweep();
    // unref: a short-lived process (the CLI) is not kept alive by it.
    const sweeper = setInterval(() => {
      try {
        if (db.open) sweep();
      } catch (error) {
        // Busy past the timeout (another process writing): the next round sweeps.
        options.logger?.warn({ err: error }, "expired pending documents not swept this time");
      }
    }, options.pendingSweepIntervalMs ?? 600_000).unref();
    const ann = options.search?.ann ?? {};
    const keyword = options.search?.keyword ?? {};
    const writer = new SqliteSearchIndex(db, { ann, keyword, group });
    const readerThreads = options.search?.readerThreads ?? 0;
    const index =
      readerThreads > 0
        ? new PooledSearchIndex(writer, readerThreads, { databasePath, busyTimeoutMs, ann, keyword })
        : writer;
    const spaces = {
      pointer: new SqliteVectorSpacePointer(db),
      indexes: new SqliteVectorSpaceIndexes({ home: index, dataDir, busyTimeoutMs, readerThreads, ann, keyword }),
    };
    const jobs = new SqliteJobStore(db);
    const uploads: UploadReceiver = {
      setPublicBaseUrl: (url) => blobs.setPublicBaseUrl(url),
      verify: async (request) => {
        const upload = blobs.verifyUploadRequest(request);
        // A URL is good for one upload, to a document still waiting for it: not after that
        // upload, and never after a delete.
        const record = await metadata.get(documentKeyForObject(upload.ref, ""));
        if (record?.status !== "PENDING") {
          throw new UploadRefusedError(
            "UPLOAD_USED",
            "this upload URL was used already, or its document is no longer pending",
          );
        }
      },
      store: async (request, body) => {
        await receiveUpload(blobs, request, body);
      },
    };
    return {
      blobs,
      metadata,
      index,
      spaces,
      queue,
      jobs,
      uploads,
      db,
      close() {
        clearInterval(sweeper);
        const spacesClosed = spaces.indexes.close();
        if (db.open) {
          queue.halt();
          db.close();
        }
        return Promise.all([index instanceof PooledSearchIndex ? index.close() : undefined, spacesClosed]).then(
          () => undefined,
        );
      },
    };
  } catch (error) {
    db.close();
    throw error;
  }
}

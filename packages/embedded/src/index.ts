export { FilesystemBlobStore, type FilesystemBlobStoreOptions, type StreamedObject } from "./filesystem-blob-store.ts";
export { InvalidCursorError } from "./list-cursor.ts";
export { InvalidObjectKeyError } from "./object-path.ts";
export {
  type EmbeddedAdapters,
  type EmbeddedAdaptersOptions,
  type EmbeddedSearchOptions,
  openEmbeddedAdapters,
} from "./open-embedded-adapters.ts";
export { receiveUpload } from "./receive-upload.ts";
export { PooledSearchIndex } from "./search-reader-pool.ts";
export { createMemorySequencerSource, createSqliteSequencerSource, type SequencerSource } from "./sequencer-source.ts";
export { openSqliteDatabase, type SqliteDatabase } from "./sqlite-database.ts";
export {
  type DeadLetter,
  type QueueStats,
  SqliteEventQueue,
  type SqliteEventQueueOptions,
} from "./sqlite-event-queue.ts";
export { SqliteJobStore } from "./sqlite-job-store.ts";
export { SqliteMetadataStore } from "./sqlite-metadata-store.ts";
export { SqliteSearchIndex, type SqliteSearchIndexOptions } from "./sqlite-search-index.ts";
export { DEFAULT_KEYWORD_SETTINGS, type KeywordSettings, SqliteSearchReader } from "./sqlite-search-reader.ts";
export { SqliteVectorSpaceIndexes, SqliteVectorSpacePointer } from "./sqlite-vector-spaces.ts";
export { type AnnSettings, DEFAULT_ANN_SETTINGS } from "./tenant-ann.ts";
export { UploadRefusedError } from "./upload-refused-error.ts";
export type { VerifiedUpload } from "./upload-signer.ts";

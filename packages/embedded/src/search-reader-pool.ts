import type {
  IndexedChunk,
  IndexedDocument,
  IndexedDocumentPage,
  IndexHit,
  IndexQuery,
  SearchIndex,
} from "@docworker/core";
import { Tinypool } from "tinypool";
import type { SearchReaderThreadData } from "./search-reader-thread.ts";
import type { SqliteSearchIndex } from "./sqlite-search-index.ts";
import type { SearchReadQuery } from "./sqlite-search-reader.ts";

const THREAD = new URL("./search-reader-thread.ts", import.meta.url).href;

/**
 * The search index with its reads on a pool of reader threads: a search, however slow, never
 * holds the event loop (so /health and every other route answer meanwhile), and searches run in
 * parallel on as many cores as there are threads. Writes stay on the caller's connection: SQLite
 * has one writer, and WAL lets the readers run beside it. The threads start with the first search:
 * each holds a SQLite connection and its own V8 heap, which a process that never searches (the
 * worker, an idle API) should not pay for.
 */
export class PooledSearchIndex implements SearchIndex {
  readonly #writer: SqliteSearchIndex;
  readonly #threads: number;
  readonly #data: SearchReaderThreadData;
  #pool: Tinypool | undefined;

  constructor(writer: SqliteSearchIndex, threads: number, data: SearchReaderThreadData) {
    this.#writer = writer;
    this.#threads = threads;
    this.#data = data;
  }

  replaceDocument(document: IndexedDocument, chunks: IndexedChunk[]): Promise<void> {
    return this.#writer.replaceDocument(document, chunks);
  }

  deleteDocument(tenantId: string, documentId: string): Promise<void> {
    return this.#writer.deleteDocument(tenantId, documentId);
  }

  deleteOtherVersions(tenantId: string, documentId: string, keepVersion: string): Promise<number> {
    return this.#writer.deleteOtherVersions(tenantId, documentId, keepVersion);
  }

  keywordSearch(query: IndexQuery & { text: string }): Promise<IndexHit[]> {
    return this.#read({ kind: "keyword", query });
  }

  vectorSearch(query: IndexQuery & { vector: Float32Array }): Promise<IndexHit[]> {
    return this.#read({ kind: "vector", query });
  }

  countChunks(tenantId: string, documentId: string): Promise<number> {
    return this.#writer.countChunks(tenantId, documentId);
  }

  listDocuments(query: { limit: number; cursor?: string }): Promise<IndexedDocumentPage> {
    return this.#writer.listDocuments(query);
  }

  /** Reader threads alive, for tests. */
  get threadCount(): number {
    return this.#pool?.threads.length ?? 0;
  }

  async close(): Promise<void> {
    const pool = this.#pool;
    this.#pool = undefined;
    await pool?.destroy();
  }

  #read(read: SearchReadQuery): Promise<IndexHit[]> {
    return this.#open().run(read) as Promise<IndexHit[]>;
  }

  #open(): Tinypool {
    this.#pool ??= new Tinypool({
      filename: THREAD,
      minThreads: this.#threads,
      maxThreads: this.#threads,
      idleTimeout: Number.MAX_SAFE_INTEGER,
      // An idle thread returns to its event loop instead of waiting on Atomics, so a vector graph
      // being built in the background advances between searches.
      useAtomics: false,
      workerData: this.#data,
    });
    return this.#pool;
  }
}

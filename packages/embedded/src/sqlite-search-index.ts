import type {
  IndexedChunk,
  IndexedDocument,
  IndexedDocumentPage,
  IndexHit,
  IndexQuery,
  SearchIndex,
} from "@docworker/core";
import { GroupCommit } from "./group-commit.ts";
import { migrate, type SqliteDatabase } from "./sqlite-database.ts";
import { type KeywordSettings, SqliteSearchReader, tenantTokenSql } from "./sqlite-search-reader.ts";
import type { AnnSettings } from "./tenant-ann.ts";
import { encodeVector } from "./vector-codec.ts";

/** Exported for the upgrade test; append-only like every schema. */
export const SEARCH_INDEX_SCHEMA = [
  `CREATE TABLE search_documents (
    id INTEGER PRIMARY KEY,
    tenant_id TEXT NOT NULL,
    document_id TEXT NOT NULL,
    version TEXT NOT NULL,
    filename TEXT NOT NULL,
    content_type TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_ms INTEGER NOT NULL,
    metadata TEXT NOT NULL,
    UNIQUE (tenant_id, document_id)
  );
  CREATE TABLE search_chunks (
    id INTEGER PRIMARY KEY,
    doc_id INTEGER NOT NULL REFERENCES search_documents (id) ON DELETE CASCADE,
    chunk_id TEXT NOT NULL,
    ordinal INTEGER NOT NULL,
    text TEXT NOT NULL,
    page_start INTEGER,
    page_end INTEGER,
    heading_path TEXT NOT NULL,
    token_count INTEGER NOT NULL,
    vector BLOB NOT NULL,
    UNIQUE (doc_id, chunk_id)
  );
  CREATE VIRTUAL TABLE search_fts USING fts5(
    text, content = 'search_chunks', content_rowid = 'id', tokenize = 'porter unicode61 remove_diacritics 2'
  );
  CREATE TRIGGER search_chunks_fts_insert AFTER INSERT ON search_chunks BEGIN
    INSERT INTO search_fts (rowid, text) VALUES (new.id, new.text);
  END;
  CREATE TRIGGER search_chunks_fts_delete AFTER DELETE ON search_chunks BEGIN
    INSERT INTO search_fts (search_fts, rowid, text) VALUES ('delete', old.id, old.text);
  END;
  CREATE TABLE search_generations (tenant_id TEXT PRIMARY KEY, generation INTEGER NOT NULL);`,
  // The keyword index carries each chunk's tenant as one token, so a keyword search matches and
  // ranks within the tenant inside FTS5 and reads chunk rows for the top k only. Contentless: the
  // text lives in search_chunks already.
  `DROP TRIGGER search_chunks_fts_insert;
  DROP TRIGGER search_chunks_fts_delete;
  DROP TABLE search_fts;
  CREATE VIRTUAL TABLE search_fts USING fts5(
    text, tenant, content = '', contentless_delete = 1, tokenize = 'porter unicode61 remove_diacritics 2'
  );
  INSERT INTO search_fts (rowid, text, tenant)
    SELECT c.id, c.text, ${tenantTokenSql("d.tenant_id")} FROM search_chunks c JOIN search_documents d ON d.id = c.doc_id;
  CREATE TRIGGER search_chunks_fts_insert AFTER INSERT ON search_chunks BEGIN
    INSERT INTO search_fts (rowid, text, tenant)
      VALUES (new.id, new.text, (SELECT ${tenantTokenSql("tenant_id")} FROM search_documents WHERE id = new.doc_id));
  END;
  CREATE TRIGGER search_chunks_fts_delete AFTER DELETE ON search_chunks BEGIN
    DELETE FROM search_fts WHERE rowid = old.id;
  END;`,
  "ALTER TABLE search_chunks ADD COLUMN recognized_confidence REAL;",
  // Every chunk insert and delete, in the writer's transaction: what a reader's vector graph
  // replays to catch up with any process's writes. Pruned to the last LOG_KEPT entries.
  `CREATE TABLE search_vector_log (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    chunk_row INTEGER NOT NULL,
    added INTEGER NOT NULL
  );
  CREATE TRIGGER search_chunks_vector_log_insert AFTER INSERT ON search_chunks BEGIN
    INSERT INTO search_vector_log (chunk_row, added) VALUES (new.id, 1);
  END;
  CREATE TRIGGER search_chunks_vector_log_delete AFTER DELETE ON search_chunks BEGIN
    INSERT INTO search_vector_log (chunk_row, added) VALUES (old.id, 0);
  END;`,
];

/** A reader whose graph is further behind than this many chunk writes builds it again. */
const LOG_KEPT = 500_000;

/** The most documents one page of listDocuments returns. */
const MAX_LIST_PAGE = 1000;

export interface SqliteSearchIndexOptions {
  /** When the vector search of a tenant goes through a graph rather than an exact scan. */
  ann?: Partial<AnnSettings>;
  keyword?: Partial<KeywordSettings>;
  /**
   * Commits shared with the other stores on this database; default: a group of its own. FTS5 writes
   * the terms of a transaction as one new segment at its commit, and merges segments as they pile
   * up, so the chunks of all documents in flight written in one commit cost far less than a
   * transaction each.
   */
  group?: GroupCommit;
}

/**
 * Chunks in SQLite: BM25 through FTS5 (Porter stemming over unicode61 without diacritics) and
 * vector search, exact below a tenant size and through an HNSW graph above it (SqliteSearchReader).
 * Both apply the tenant and the filters before ranking. Every write bumps the tenant's generation
 * counter and logs its chunk rows, in the same transaction, so readers in any thread or process
 * see when to catch up.
 */
export class SqliteSearchIndex implements SearchIndex {
  readonly #db: SqliteDatabase;
  readonly #reader: SqliteSearchReader;
  readonly #group: GroupCommit;
  readonly #sql;

  constructor(db: SqliteDatabase, options: SqliteSearchIndexOptions = {}) {
    this.#db = db;
    this.#group = options.group ?? new GroupCommit(db);
    migrate(db, "search-index", SEARCH_INDEX_SCHEMA);
    this.#sql = {
      upsertDocument: db.prepare<[Record<string, unknown>], { id: number }>(
        `INSERT INTO search_documents (tenant_id, document_id, version, filename, content_type, created_at, created_ms, metadata)
         VALUES (@tenantId, @documentId, @version, @filename, @contentType, @createdAt, @createdMs, @metadata)
         ON CONFLICT (tenant_id, document_id) DO UPDATE SET version = excluded.version, filename = excluded.filename,
           content_type = excluded.content_type, created_at = excluded.created_at, created_ms = excluded.created_ms,
           metadata = excluded.metadata
         RETURNING id`,
      ),
      findDocument: db.prepare<[string, string], { id: number; version: string }>(
        "SELECT id, version FROM search_documents WHERE tenant_id = ? AND document_id = ?",
      ),
      deleteChunks: db.prepare<[number]>("DELETE FROM search_chunks WHERE doc_id = ?"),
      deleteDocument: db.prepare<[number]>("DELETE FROM search_documents WHERE id = ?"),
      insertChunk: db.prepare<[Record<string, unknown>]>(
        `INSERT INTO search_chunks (doc_id, chunk_id, ordinal, text, page_start, page_end, heading_path, token_count, vector, recognized_confidence)
         VALUES (@docId, @chunkId, @ordinal, @text, @pageStart, @pageEnd, @headingPath, @tokenCount, @vector, @recognizedConfidence)`,
      ),
      bumpGeneration: db.prepare<[string]>(
        `INSERT INTO search_generations (tenant_id, generation) VALUES (?, 1)
         ON CONFLICT (tenant_id) DO UPDATE SET generation = generation + 1`,
      ),
      pruneLog: db.prepare<[number]>(
        `DELETE FROM search_vector_log
         WHERE seq <= (SELECT seq FROM sqlite_sequence WHERE name = 'search_vector_log') - ?`,
      ),
      countChunks: db.prepare<[string, string], { n: number }>(
        `SELECT count(*) AS n FROM search_chunks c JOIN search_documents d ON d.id = c.doc_id
         WHERE d.tenant_id = ? AND d.document_id = ?`,
      ),
    };
    this.#reader = new SqliteSearchReader(db, options.ann, options.keyword);
  }

  async replaceDocument(document: IndexedDocument, chunks: IndexedChunk[]): Promise<void> {
    const createdMs = Date.parse(document.createdAt);
    if (Number.isNaN(createdMs)) throw new RangeError(`createdAt is not a date: ${JSON.stringify(document.createdAt)}`);
    // A savepoint in the next group commit; settles once that has committed, so the record that
    // completes after it never points at chunks that could still be rolled back.
    await this.#group.run(() => {
      const row = this.#sql.upsertDocument.get({
        tenantId: document.tenantId,
        documentId: document.documentId,
        version: document.version,
        filename: document.filename,
        contentType: document.contentType,
        createdAt: document.createdAt,
        createdMs,
        metadata: JSON.stringify(document.metadata ?? {}),
      });
      if (!row) throw new Error("the document row was not written");
      this.#sql.deleteChunks.run(row.id);
      for (const chunk of chunks) {
        this.#sql.insertChunk.run({
          docId: row.id,
          chunkId: chunk.chunkId,
          ordinal: chunk.ordinal,
          text: chunk.text,
          pageStart: chunk.pageStart ?? null,
          pageEnd: chunk.pageEnd ?? null,
          headingPath: JSON.stringify(chunk.headingPath ?? []),
          tokenCount: chunk.tokenCount,
          vector: encodeVector(chunk.vector),
          recognizedConfidence: chunk.recognizedConfidence ?? null,
        });
      }
      this.#sql.bumpGeneration.run(document.tenantId);
      this.#sql.pruneLog.run(LOG_KEPT);
    });
  }

  async deleteDocument(tenantId: string, documentId: string): Promise<void> {
    await this.#group.run(() => {
      const row = this.#sql.findDocument.get(tenantId, documentId);
      if (!row) return;
      this.#sql.deleteChunks.run(row.id);
      this.#sql.deleteDocument.run(row.id);
      this.#sql.bumpGeneration.run(tenantId);
      this.#sql.pruneLog.run(LOG_KEPT);
    });
  }

  /** Replaces are atomic here, so only a document indexed wholly under another version has any. */
  async deleteOtherVersions(tenantId: string, documentId: string, keepVersion: string): Promise<number> {
    const row = this.#sql.findDocument.get(tenantId, documentId);
    if (!row || row.version === keepVersion) return 0;
    const count = await this.countChunks(tenantId, documentId);
    await this.deleteDocument(tenantId, documentId);
    return count;
  }

  async keywordSearch(query: IndexQuery & { text: string }): Promise<IndexHit[]> {
    return this.#reader.keywordSearch(query);
  }

  async vectorSearch(query: IndexQuery & { vector: Float32Array }): Promise<IndexHit[]> {
    return this.#reader.vectorSearch(query);
  }

  async countChunks(tenantId: string, documentId: string): Promise<number> {
    return this.#sql.countChunks.get(tenantId, documentId)?.n ?? 0;
  }

  /** By row id: a document replaced keeps its row, so a walk never sees one twice. */
  async listDocuments(query: { limit: number; cursor?: string }): Promise<IndexedDocumentPage> {
    const after = query.cursor === undefined ? 0 : Number(query.cursor);
    if (!Number.isSafeInteger(after) || after < 0) throw new RangeError("invalid document list cursor");
    const limit = Math.max(1, Math.min(MAX_LIST_PAGE, Math.trunc(query.limit) || 1));
    const rows = this.#db
      .prepare<[number, number], { id: number; tenant_id: string; document_id: string }>(
        `SELECT d.id, d.tenant_id, d.document_id FROM search_documents d
         WHERE d.id > ? AND EXISTS (SELECT 1 FROM search_chunks c WHERE c.doc_id = d.id)
         ORDER BY d.id LIMIT ?`,
      )
      .all(after, limit + 1);
    const items = rows.slice(0, limit).map((row) => ({ tenantId: row.tenant_id, documentId: row.document_id }));
    const last = rows[limit - 1];
    return rows.length > limit && last ? { items, nextCursor: String(last.id) } : { items };
  }
}

import type { IndexedChunk, IndexedDocument, IndexHit, IndexQuery, SearchIndex } from "@docworker/core";
import { toFtsQuery } from "./fts-query.ts";
import { filterSql } from "./search-filters-sql.ts";
import { migrate, type SqliteDatabase } from "./sqlite-database.ts";
import { topByCosine, VectorCache } from "./vector-cache.ts";
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
];

/** The columns an IndexHit is made of. */
const HIT_COLUMNS = `c.id AS row_id, c.chunk_id, c.text, c.page_start, c.page_end, c.heading_path, c.recognized_confidence,
  d.document_id, d.filename, d.content_type, d.metadata`;

interface HitRow {
  row_id: number;
  chunk_id: string;
  text: string;
  page_start: number | null;
  page_end: number | null;
  heading_path: string;
  recognized_confidence: number | null;
  document_id: string;
  filename: string;
  content_type: string;
  metadata: string;
}

const MAX_K = 1000;

/**
 * A tenant id as one FTS5 token: "t", its UTF-8 bytes in hex, "0". Hex keeps a hyphenated id from
 * being split into several tokens (which a phrase query could match inside a longer id), and the
 * trailing digit keeps the Porter stemmer from altering it.
 */
function tenantTokenSql(column: string): string {
  return `'t' || lower(hex(${column})) || '0'`;
}

function tenantToken(tenantId: string): string {
  return `t${Buffer.from(tenantId, "utf8").toString("hex")}0`;
}

/**
 * Chunks in SQLite: BM25 through FTS5 (Porter stemming over unicode61 without diacritics) and
 * exact vector search, a brute-force cosine over the tenant's rows that pass the filters. Both
 * apply the tenant and the filters in SQL before ranking. Vectors are decoded once per tenant and
 * kept until that tenant's generation counter (bumped by every write, in any process) moves.
 */
export class SqliteSearchIndex implements SearchIndex {
  readonly #db: SqliteDatabase;
  readonly #vectors: VectorCache;
  readonly #sql;

  constructor(db: SqliteDatabase) {
    this.#db = db;
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
      keywordTop: db.prepare<[{ match: string; k: number }], HitRow & { score: number }>(
        `WITH top AS (
           SELECT rowid AS id, bm25(search_fts, 1.0, 0.0) AS rank FROM search_fts
           WHERE search_fts MATCH @match ORDER BY rank, rowid LIMIT @k
         )
         SELECT ${HIT_COLUMNS}, -top.rank AS score
         FROM top JOIN search_chunks c ON c.id = top.id JOIN search_documents d ON d.id = c.doc_id
         ORDER BY top.rank, c.id`,
      ),
      countChunks: db.prepare<[string, string], { n: number }>(
        `SELECT count(*) AS n FROM search_chunks c JOIN search_documents d ON d.id = c.doc_id
         WHERE d.tenant_id = ? AND d.document_id = ?`,
      ),
    };
    this.#vectors = new VectorCache(db);
  }

  async replaceDocument(document: IndexedDocument, chunks: IndexedChunk[]): Promise<void> {
    const createdMs = Date.parse(document.createdAt);
    if (Number.isNaN(createdMs)) throw new RangeError(`createdAt is not a date: ${JSON.stringify(document.createdAt)}`);
    this.#db
      .transaction(() => {
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
      })
      .immediate();
  }

  async deleteDocument(tenantId: string, documentId: string): Promise<void> {
    this.#db
      .transaction(() => {
        const row = this.#sql.findDocument.get(tenantId, documentId);
        if (!row) return;
        this.#sql.deleteChunks.run(row.id);
        this.#sql.deleteDocument.run(row.id);
        this.#sql.bumpGeneration.run(tenantId);
      })
      .immediate();
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
    const terms = toFtsQuery(query.text);
    const k = clampK(query.k);
    if (!terms || k === 0) return [];
    const match = `tenant : "${tenantToken(query.tenantId)}" AND text : (${terms})`;
    // The tenant column weighs nothing in BM25: it only narrows the matches.
    const rank = "bm25(search_fts, 1.0, 0.0)";
    if (!hasFilters(query.filters)) {
      // Matched and ranked inside FTS5; only the top k chunk rows are read.
      const rows = this.#sql.keywordTop.all({ match, k });
      return rows.map((row) => toHit(row, row.score));
    }
    const { conditions, params } = filterSql(query.tenantId, query.filters);
    const rows = this.#db
      .prepare<[Record<string, unknown>], HitRow & { score: number }>(
        `SELECT ${HIT_COLUMNS}, -${rank} AS score
         FROM search_fts JOIN search_chunks c ON c.id = search_fts.rowid JOIN search_documents d ON d.id = c.doc_id
         WHERE search_fts MATCH @match AND ${conditions.join(" AND ")}
         ORDER BY ${rank}, c.id LIMIT @k`,
      )
      .all({ ...params, match, k });
    return rows.map((row) => toHit(row, row.score));
  }

  async vectorSearch(query: IndexQuery & { vector: Float32Array }): Promise<IndexHit[]> {
    const k = clampK(query.k);
    if (k === 0) return [];
    let top: { id: number; score: number }[];
    if (!hasFilters(query.filters)) {
      // The tenant is the cache entry: every row of it is a candidate.
      const vectors = this.#db.transaction(() => this.#vectors.forTenant(query.tenantId))();
      top = topByCosine(vectors, query.vector, k);
    } else {
      const { conditions, params } = filterSql(query.tenantId, query.filters);
      const selectCandidates = this.#db
        .prepare<[Record<string, unknown>], number>(
          `SELECT c.id FROM search_chunks c JOIN search_documents d ON d.id = c.doc_id WHERE ${conditions.join(" AND ")}`,
        )
        .pluck();
      // One read transaction: the candidates and the cached vectors come from the same snapshot.
      const { candidates, vectors } = this.#db.transaction(() => ({
        candidates: selectCandidates.all(params),
        vectors: this.#vectors.forTenant(query.tenantId),
      }))();
      const rows = candidates.flatMap((id) => {
        const r = vectors.rowOf.get(id);
        return r === undefined ? [] : [r];
      });
      top = topByCosine(vectors, query.vector, k, rows);
    }
    if (top.length === 0) return [];
    const rows = this.#db
      .prepare<number[], HitRow>(
        `SELECT ${HIT_COLUMNS} FROM search_chunks c JOIN search_documents d ON d.id = c.doc_id
         WHERE c.id IN (${top.map(() => "?").join(", ")})`,
      )
      .all(...top.map((t) => t.id));
    const byId = new Map(rows.map((row) => [row.row_id, row]));
    return top.flatMap(({ id, score }) => {
      const row = byId.get(id);
      return row ? [toHit(row, score)] : [];
    });
  }

  async countChunks(tenantId: string, documentId: string): Promise<number> {
    return this.#sql.countChunks.get(tenantId, documentId)?.n ?? 0;
  }
}

function hasFilters(filters: IndexQuery["filters"]): boolean {
  return Boolean(
    (filters.contentType && filters.contentType.length > 0) ||
      filters.filenamePrefix ||
      filters.createdAfter !== undefined ||
      filters.createdBefore !== undefined ||
      Object.keys(filters.metadata ?? {}).length > 0,
  );
}

function clampK(k: number): number {
  return Math.max(0, Math.min(MAX_K, Math.trunc(k) || 0));
}

function toHit(row: HitRow, score: number): IndexHit {
  return {
    documentId: row.document_id,
    chunkId: row.chunk_id,
    score,
    text: row.text,
    headingPath: JSON.parse(row.heading_path) as string[],
    filename: row.filename,
    contentType: row.content_type,
    metadata: JSON.parse(row.metadata) as Record<string, string>,
    ...(row.page_start === null ? {} : { pageStart: row.page_start }),
    ...(row.page_end === null ? {} : { pageEnd: row.page_end }),
    ...(row.recognized_confidence === null ? {} : { recognizedConfidence: row.recognized_confidence }),
  };
}

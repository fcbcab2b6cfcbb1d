import type { IndexHit, IndexQuery } from "@docworker/core";
import { toFtsTerms } from "./fts-query.ts";
import { bestOf, essentialCount, rarestFirst, seedSize } from "./keyword-pruning.ts";
import { filterSql } from "./search-filters-sql.ts";
import type { SqliteDatabase } from "./sqlite-database.ts";
import { type AnnSettings, currentLogSeq, DEFAULT_ANN_SETTINGS, TenantAnn } from "./tenant-ann.ts";
import { type ScoredRow, topByCosine, VectorCache } from "./vector-cache.ts";
import { decodeVector, norm } from "./vector-codec.ts";

/** The columns an IndexHit is made of. */
const HIT_COLUMNS = `c.id AS row_id, c.chunk_id, c.text, c.page_start, c.page_end, c.heading_path, c.recognized_confidence,
  d.document_id, d.filename, d.content_type, d.metadata`;

type ScoredHitRow = HitRow & { score: number };

/** Chunks holding each counted query word, and all chunks, as of one position of the write log. */
interface TermCounts {
  seq: number;
  chunks: number;
  byTerm: Map<string, number>;
}

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
/** Chunks written, as a share of all, before the common-word counts are taken again. */
const COUNTS_KEPT_WHILE_WRITTEN = 0.01;
/** Words counted before the counts are dropped and taken again: a bound on the cache. */
const MAX_COUNTED_TERMS = 10_000;
/** The graph's candidates per wanted hit, rescored exactly: its distances are 8-bit ones. */
const ANN_OVERSAMPLING = 4;
/** A filter leaving this few chunks (or this share of the tenant) is searched exactly, not through the graph. */
const FILTERED_EXACT_MAX = 4096;
const FILTERED_EXACT_SHARE = 0.02;

export interface KeywordSettings {
  /**
   * A query word found in more than this share of all chunks is left out of the match when rarer
   * words remain (as Lucene's common-terms query does): it adds next to nothing to BM25 but makes
   * FTS5 score nearly every chunk. 1 keeps every word.
   */
  commonShare: number;
  /** Below this many chunks in the database every word is kept: scoring them all is cheap there. */
  commonMinChunks: number;
  /**
   * From this many chunks in the database on, a query of several words scores only the chunks that
   * can enter its top k (keyword-pruning.ts); below it one FTS5 query scoring every match is faster.
   */
  pruneMinChunks: number;
}

/** 0.2 left SciFact's keyword nDCG@10 as it was (0.692 → 0.693) and halved the time at 100k chunks. */
export const DEFAULT_KEYWORD_SETTINGS: KeywordSettings = {
  commonShare: 0.2,
  commonMinChunks: 10_000,
  pruneMinChunks: 10_000,
};

export type SearchReadQuery =
  | { kind: "keyword"; query: IndexQuery & { text: string } }
  | { kind: "vector"; query: IndexQuery & { vector: Float32Array } };

/**
 * The read side of the embedded search index, over any connection to the database: the writer's
 * own, or a read-only one on a reader thread. Keyword search is BM25 in FTS5; vector search is an
 * exact cosine scan for a tenant below `ann.minChunks` chunks and an HNSW graph above, kept in
 * step with SQLite (see TenantAnn). Both apply the tenant and the filters before the top-k cut.
 */
export class SqliteSearchReader {
  readonly #db: SqliteDatabase;
  readonly #settings: AnnSettings;
  readonly #vectors: VectorCache;
  readonly #graphs = new Map<string, TenantAnn>();
  /** Graphs being built in the background, a batch per turn of the event loop. */
  readonly #building = new Map<string, TenantAnn>();
  /** Chunk counts of tenants without a graph, by generation: whether one is due. */
  readonly #sizes = new Map<string, { generation: number; chunks: number }>();
  readonly #sql;

  readonly #keyword: KeywordSettings;
  /** Chunk counts of the query words, kept while writes move them little (the common-word cut). */
  #documentFrequency: TermCounts = { seq: -1, chunks: 0, byTerm: new Map() };
  /** The same, exact at the current position of the log (pruning's bounds). */
  #exactFrequency: TermCounts = { seq: -1, chunks: 0, byTerm: new Map() };

  constructor(db: SqliteDatabase, settings: Partial<AnnSettings> = {}, keyword: Partial<KeywordSettings> = {}) {
    this.#db = db;
    this.#settings = { ...DEFAULT_ANN_SETTINGS, ...settings };
    this.#keyword = { ...DEFAULT_KEYWORD_SETTINGS, ...keyword };
    this.#vectors = new VectorCache(db);
    this.#sql = {
      keywordTop: db.prepare<[{ match: string; k: number }], ScoredHitRow>(
        `WITH top AS (
           SELECT rowid AS id, bm25(search_fts, 1.0, 0.0) AS rank FROM search_fts
           WHERE search_fts MATCH @match ORDER BY rank, rowid LIMIT @k
         )
         SELECT ${HIT_COLUMNS}, -top.rank AS score
         FROM top JOIN search_chunks c ON c.id = top.id JOIN search_documents d ON d.id = c.doc_id
         ORDER BY top.rank, c.id`,
      ),
      generation: db.prepare<[string], number>("SELECT generation FROM search_generations WHERE tenant_id = ?").pluck(),
      termChunks: db.prepare<[string], number>("SELECT count(*) FROM search_fts WHERE search_fts MATCH ?").pluck(),
      allChunks: db.prepare<[], number>("SELECT count(*) FROM search_chunks").pluck(),
      // min and max read the ends of the (tenant_id, document_id) index, whatever the table's size.
      tenantRange: db.prepare<[], { lowest: string | null; highest: string | null }>(
        "SELECT min(tenant_id) AS lowest, max(tenant_id) AS highest FROM search_documents",
      ),
      tenantChunks: db
        .prepare<[string], number>(
          "SELECT count(*) FROM search_chunks c JOIN search_documents d ON d.id = c.doc_id WHERE d.tenant_id = ?",
        )
        .pluck(),
    };
  }

  /** Keyword searches answered by scoring only the chunks that could enter the top k, for tests. */
  prunedKeywordSearches = 0;

  /** Tenants whose vector search goes through a graph now (built, not building). */
  get graphTenants(): string[] {
    return [...this.#graphs.keys()];
  }

  run(read: SearchReadQuery): IndexHit[] {
    return read.kind === "keyword" ? this.keywordSearch(read.query) : this.vectorSearch(read.query);
  }

  keywordSearch(query: IndexQuery & { text: string }): IndexHit[] {
    const k = clampK(query.k);
    if (k === 0) return [];
    // One read transaction: the word counts, the tenant check and the match share a snapshot.
    return this.#db.transaction(() => {
      const { terms, chunks } = this.#withoutCommonTerms(toFtsTerms(query.text));
      if (terms.length === 0) return [];
      // The tenant token's list holds every chunk of the tenant, and FTS5 walks it beside the words
      // and counts it for BM25 on every query (about a third of the time at 100k chunks). When the
      // database holds no other tenant it narrows nothing: the words alone match the same chunks,
      // with the same scores (the tenant column weighs nothing).
      const scope = this.#onlyTenant(query.tenantId) ? "" : `tenant : "${tenantToken(query.tenantId)}" AND `;
      const rows =
        terms.length > 1 && chunks >= this.#keyword.pruneMinChunks
          ? this.#prunedTop(query, scope, terms, k)
          : this.#matchTop(query, `${scope}${textMatch(terms)}`, k);
      return rows.map((row) => toHit(row, row.score));
    })();
  }

  #onlyTenant(tenantId: string): boolean {
    const range = this.#sql.tenantRange.get();
    return range?.lowest === tenantId && range.highest === tenantId;
  }

  /**
   * The plain query's top k, found by scoring only the chunks that can enter it (keyword-pruning.ts):
   * a seed of the rarest phrases' chunks gives θ, then the chunks matching an essential phrase are
   * scored in two disjoint queries. Every query lists the phrases rarest first, as the plain one does.
   */
  #prunedTop(query: IndexQuery, scope: string, terms: string[], k: number): ScoredHitRow[] {
    const counts = this.#exactCounts();
    const ordered = rarestFirst(terms, (term) => counts.of(term));
    const chunks = ordered.map((term) => counts.of(term));
    const plain = () => this.#matchTop(query, `${scope}${textMatch(ordered)}`, k);
    const seed = seedSize(chunks, counts.rows);
    if (seed >= ordered.length) return plain();
    const rare = textMatch(ordered.slice(0, seed));
    let seeded = this.#matchTop(query, `${scope}(${rare}) AND (${textMatch(ordered.slice(seed))})`, k);
    // Too few seed chunks match anything else: their scores from the rare phrases alone are lower bounds.
    if (seeded.length < k) seeded = this.#matchTop(query, `${scope}${rare}`, k);
    const threshold = seeded.length < k ? 0 : (seeded[k - 1] as ScoredHitRow).score;
    const cut = essentialCount(chunks, counts.rows, threshold, seed);
    if (cut >= ordered.length) return plain();
    this.prunedKeywordSearches++;
    const essential = textMatch(ordered.slice(0, cut));
    const common = textMatch(ordered.slice(cut));
    return bestOf(
      [
        this.#matchTop(query, `${scope}(${essential}) AND (${common})`, k),
        this.#matchTop(query, `${scope}((${essential}) NOT (${common}))`, k),
      ],
      k,
    );
  }

  #matchTop(query: IndexQuery, match: string, k: number): ScoredHitRow[] {
    if (!hasFilters(query.filters)) {
      // Matched and ranked inside FTS5; only the top k chunk rows are read.
      return this.#sql.keywordTop.all({ match, k });
    }
    const rank = "bm25(search_fts, 1.0, 0.0)";
    const { conditions, params } = filterSql(query.tenantId, query.filters);
    return this.#db
      .prepare<[Record<string, unknown>], ScoredHitRow>(
        `SELECT ${HIT_COLUMNS}, -${rank} AS score
         FROM search_fts JOIN search_chunks c ON c.id = search_fts.rowid JOIN search_documents d ON d.id = c.doc_id
         WHERE search_fts MATCH @match AND ${conditions.join(" AND ")}
         ORDER BY ${rank}, c.id LIMIT @k`,
      )
      .all({ ...params, match, k });
  }

  /**
   * Runs inside the caller's read transaction: the counts belong to its snapshot. Returns the
   * words kept and the chunk count the decision was made on (0 when nothing was counted).
   */
  #withoutCommonTerms(terms: string[]): { terms: string[]; chunks: number } {
    if (terms.length < 2) return { terms, chunks: 0 };
    const seq = currentLogSeq(this.#db);
    const frequency = this.#documentFrequency;
    // Counting a word walks its whole list, so the counts outlive writes: each entry of the write
    // log adds or removes one chunk, so until they number COUNTS_KEPT_WHILE_WRITTEN of the total no
    // word's share has moved by more than that. Forgetting them at every write made each search
    // during an ingest count its words again.
    if (
      frequency.seq < 0 ||
      seq - frequency.seq > frequency.chunks * COUNTS_KEPT_WHILE_WRITTEN ||
      frequency.byTerm.size > MAX_COUNTED_TERMS
    ) {
      this.#documentFrequency = this.#countsAt(seq);
    }
    const counts = this.#documentFrequency;
    const { chunks } = counts;
    if (chunks < this.#keyword.commonMinChunks || this.#keyword.commonShare >= 1) return { terms, chunks };
    const common = (term: string) => this.#chunksWith(counts, term) > chunks * this.#keyword.commonShare;
    const rare = terms.filter((term) => !common(term));
    return { terms: rare.length > 0 ? rare : terms, chunks };
  }

  /**
   * Chunks per word and in all, exact for this snapshot (pruning's bounds must hold, unlike the
   * common-word cut's shares): taken again whenever the write log has moved.
   */
  #exactCounts(): { rows: number; of: (term: string) => number } {
    const seq = currentLogSeq(this.#db);
    if (this.#exactFrequency.seq !== seq || this.#exactFrequency.byTerm.size > MAX_COUNTED_TERMS) {
      // The common-word counts are exact when taken at this very position of the log.
      this.#exactFrequency = this.#documentFrequency.seq === seq ? this.#documentFrequency : this.#countsAt(seq);
    }
    const counts = this.#exactFrequency;
    return { rows: counts.chunks, of: (term) => this.#chunksWith(counts, term) };
  }

  /** Counts to be filled at this position of the write log, starting from the number of all chunks. */
  #countsAt(seq: number): TermCounts {
    return { seq, chunks: this.#sql.allChunks.get() ?? 0, byTerm: new Map() };
  }

  /** Chunks holding a word, counted once per set of counts: counting walks the word's whole list. */
  #chunksWith(counts: TermCounts, term: string): number {
    let count = counts.byTerm.get(term);
    if (count === undefined) {
      count = this.#sql.termChunks.get(`text : ${term}`) ?? 0;
      counts.byTerm.set(term, count);
    }
    return count;
  }

  vectorSearch(query: IndexQuery & { vector: Float32Array }): IndexHit[] {
    const k = clampK(query.k);
    if (k === 0) return [];
    // One read transaction: the candidates, the graph's catch-up, the vectors and the hits' rows
    // share a snapshot. Read apart, a replace committed in between gives its chunks new row ids and
    // the document drops out of the answer.
    return this.#db.transaction(() => {
      const graph = this.#graphFor(query.tenantId);
      return this.#hits(graph ? this.#approximate(graph, query, k) : this.#exact(query, k));
    })();
  }

  /** Searches through the graph when the tenant has one, or is big enough to deserve one. */
  #graphFor(tenantId: string): TenantAnn | undefined {
    let graph = this.#graphs.get(tenantId);
    if (graph && !graph.catchUp(this.#db)) {
      this.#graphs.delete(tenantId);
      graph = undefined;
    }
    if (!graph) {
      if (this.#building.has(tenantId)) return undefined;
      const generation = this.#sql.generation.get(tenantId) ?? 0;
      let size = this.#sizes.get(tenantId);
      if (size?.generation !== generation) {
        size = { generation, chunks: this.#sql.tenantChunks.get(tenantId) ?? 0 };
        this.#sizes.set(tenantId, size);
      }
      if (size.chunks < this.#settings.minChunks) return undefined;
      this.#sizes.delete(tenantId);
      if (this.#settings.build === "background") {
        this.#buildInBackground(tenantId);
        return undefined;
      }
      graph = TenantAnn.build(this.#db, tenantId, this.#settings);
      if (!graph) return undefined;
      this.#graphs.set(tenantId, graph);
      graph.catchUp(this.#db);
    }
    // A tenant whose vectors differ in length is answered by the exact path, which says so.
    return graph.mixedDimension === undefined ? graph : undefined;
  }

  #buildInBackground(tenantId: string): void {
    const graph = TenantAnn.start(this.#db, tenantId, this.#settings);
    this.#building.set(tenantId, graph);
    const next = () => {
      try {
        if (!this.#db.open) return;
        if (!this.#db.transaction(() => graph.step(this.#db))()) {
          setImmediate(next);
          return;
        }
        this.#building.delete(tenantId);
        if (graph.dimension === 0) return;
        this.#graphs.set(tenantId, graph);
        // The exact scan's copy of the vectors is no longer needed.
        this.#vectors.drop(tenantId);
      } catch {
        // A failed step (the database closing, or busy) leaves the tenant exact until the next search retries.
        this.#building.delete(tenantId);
      }
    };
    setImmediate(next);
  }

  #exact(query: IndexQuery & { vector: Float32Array }, k: number): ScoredRow[] {
    const vectors = this.#vectors.forTenant(query.tenantId);
    if (!hasFilters(query.filters)) return topByCosine(vectors, query.vector, k);
    const rows = this.#candidates(query).flatMap((id) => {
      const r = vectors.rowOf.get(id);
      return r === undefined ? [] : [r];
    });
    return topByCosine(vectors, query.vector, k, rows);
  }

  #approximate(graph: TenantAnn, query: IndexQuery & { vector: Float32Array }, k: number): ScoredRow[] {
    if (query.vector.length !== graph.dimension) {
      throw new Error(`the query vector has ${query.vector.length} dimensions; the index holds ${graph.dimension}`);
    }
    const wanted = Math.max(k * ANN_OVERSAMPLING, 64);
    if (!hasFilters(query.filters)) return this.#rescore(query.vector, graph.nearest(query.vector, wanted), k);
    const candidates = this.#candidates(query);
    if (candidates.length <= Math.max(FILTERED_EXACT_MAX, graph.size * FILTERED_EXACT_SHARE)) {
      return this.#rescore(query.vector, candidates, k);
    }
    // The filter keeps a large share: ask the graph for enough neighbours that k of them pass it,
    // widening until they do, then rescore those exactly.
    const allowed = new Set(candidates);
    let count = Math.ceil(wanted * (graph.size / candidates.length) * 2);
    for (;;) {
      const passing = graph.nearest(query.vector, count).filter((id) => allowed.has(id));
      if (passing.length >= wanted || count >= graph.size) return this.#rescore(query.vector, passing, k);
      count *= 4;
    }
  }

  /** Exact cosines of the given chunk rows, read from the database; the best k. */
  #rescore(query: Float32Array, ids: number[], k: number): ScoredRow[] {
    if (ids.length === 0) return [];
    const queryNorm = norm(query);
    const scored: ScoredRow[] = [];
    const select = this.#db.prepare<[string], { id: number; vector: Buffer }>(
      `SELECT id, vector FROM search_chunks WHERE id IN (SELECT value FROM json_each(?))`,
    );
    for (const row of select.iterate(JSON.stringify(ids))) {
      const vector = decodeVector(row.vector);
      if (vector.length !== query.length) continue;
      const rowNorm = norm(vector);
      let dot = 0;
      for (let i = 0; i < vector.length; i++) dot += (query[i] as number) * (vector[i] as number);
      scored.push({ id: row.id, score: queryNorm === 0 || rowNorm === 0 ? 0 : dot / (queryNorm * rowNorm) });
    }
    scored.sort((a, b) => b.score - a.score || a.id - b.id);
    return scored.slice(0, k);
  }

  #candidates(query: IndexQuery): number[] {
    const { conditions, params } = filterSql(query.tenantId, query.filters);
    return this.#db
      .prepare<[Record<string, unknown>], number>(
        `SELECT c.id FROM search_chunks c JOIN search_documents d ON d.id = c.doc_id WHERE ${conditions.join(" AND ")}`,
      )
      .pluck()
      .all(params);
  }

  #hits(top: ScoredRow[]): IndexHit[] {
    if (top.length === 0) return [];
    const rows = this.#db
      .prepare<[string], HitRow>(
        `SELECT ${HIT_COLUMNS} FROM search_chunks c JOIN search_documents d ON d.id = c.doc_id
         WHERE c.id IN (SELECT value FROM json_each(?))`,
      )
      .all(JSON.stringify(top.map((t) => t.id)));
    const byId = new Map(rows.map((row) => [row.row_id, row]));
    return top.flatMap(({ id, score }) => {
      const row = byId.get(id);
      return row ? [toHit(row, score)] : [];
    });
  }
}

/**
 * A tenant id as one FTS5 token: "t", its UTF-8 bytes in hex, "0". Hex keeps a hyphenated id from
 * being split into several tokens (which a phrase query could match inside a longer id), and the
 * trailing digit keeps the Porter stemmer from altering it.
 */
export function tenantTokenSql(column: string): string {
  return `'t' || lower(hex(${column})) || '0'`;
}

function tenantToken(tenantId: string): string {
  return `t${Buffer.from(tenantId, "utf8").toString("hex")}0`;
}

function textMatch(terms: readonly string[]): string {
  return `text : (${terms.join(" OR ")})`;
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

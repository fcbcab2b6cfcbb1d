import { createRequire } from "node:module";
import type * as Usearch from "usearch";
import type { SqliteDatabase } from "./sqlite-database.ts";
import { decodeVector } from "./vector-codec.ts";

/** How the approximate index is built and searched; see docs/architecture.md for the figures. */
export interface AnnSettings {
  /** A tenant with at least this many chunks is searched through the graph; below, exactly. */
  minChunks: number;
  /** Candidates the graph search keeps (usearch's expansion_search): recall against speed. */
  expansion: number;
  /**
   * "background": a graph is built a batch at a time between searches, which meanwhile scan
   * exactly (a reader thread's first search of a large tenant waits for nothing); "inline": the
   * search that needs it waits for the whole build (tests, measurements).
   */
  build: "background" | "inline";
  /**
   * Most vectors one graph holds: a larger tenant's graph is several of these segments (as
   * Lucene's are), each searched and their candidates merged. One HNSW graph's recall falls with
   * its size on near-uniform vectors; a segment keeps the recall of its size, and a search costs
   * about one per segment.
   */
  segmentChunks: number;
}

export const DEFAULT_ANN_SETTINGS: AnnSettings = {
  minChunks: 20_000,
  expansion: 512,
  build: "background",
  segmentChunks: 100_000,
};

/** Graph degree and build-time candidates: 16 and 64 kept recall@10 ≥ 0.99 at 20k, built quickest. */
const CONNECTIVITY = 16;
const EXPANSION_ADD = 64;
const BUILD_BATCH = 4096;

// Loaded as CommonJS: the package's ES module build fails to locate its own prebuilt binary.
// Loaded on the first graph: a tenant below `minChunks` never needs the native library, and an
// idle API should not hold it.
let usearch: typeof Usearch | undefined;
function loadUsearch(): typeof Usearch {
  usearch ??= createRequire(import.meta.url)("usearch") as typeof Usearch;
  return usearch;
}
type Index = Usearch.Index;

/**
 * One tenant's chunk vectors in HNSW graphs (usearch, 8-bit quantised: a quarter of the memory of
 * float32, and quicker), segments of at most `segmentChunks` vectors, kept in memory by the
 * process that searches. SQLite stays the source of truth: the segments are built from the
 * tenant's rows, remembering the position the build started at in `search_vector_log` (a row per
 * chunk insert and delete, written by triggers in the writer's own transaction), and before each
 * search the log past that position is replayed: a delete leaves whichever segment holds the
 * chunk, an insert goes to the newest segment with room. A process that starts, or restarts after
 * a crash, builds again; nothing about the graph is on disk, so nothing on disk can disagree with
 * the database.
 */
export class TenantAnn {
  readonly tenantId: string;
  /** Of the first vector met; 0 until then. */
  dimension = 0;
  /** Oldest first; only the last one takes new vectors. */
  #segments: Index[] = [];
  #seq: number;
  #lastId = 0;
  readonly #expansion: number;
  readonly #segmentChunks: number;
  /** Set when a chunk of another dimension was met: the caller then answers as the exact path does. */
  mixedDimension?: number;

  private constructor(tenantId: string, seq: number, settings: AnnSettings) {
    this.tenantId = tenantId;
    this.#seq = seq;
    this.#expansion = settings.expansion;
    this.#segmentChunks = Math.max(1, settings.segmentChunks);
  }

  /** The newest segment, or a new one when it is full. */
  #segmentWithRoom(): Index {
    const last = this.#segments.at(-1);
    if (last && last.size() < this.#segmentChunks) return last;
    const segment = newIndex(this.dimension, this.#expansion);
    this.#segments.push(segment);
    return segment;
  }

  /** Adds vectors in key order, filling the newest segment before opening another. */
  #add(keys: BigUint64Array, matrix: Float32Array): void {
    for (let from = 0; from < keys.length; ) {
      const segment = this.#segmentWithRoom();
      const to = Math.min(keys.length, from + this.#segmentChunks - segment.size());
      segment.add(keys.subarray(from, to), matrix.subarray(from * this.dimension, to * this.dimension), 1);
      from = to;
    }
  }

  /**
   * A graph to fill with `step` until it returns true. It starts at the log's current position:
   * the steps read the rows in id order, each in its own transaction, and whatever is written
   * meanwhile is in the log past that position, which catchUp replays once the build is done.
   */
  static start(db: SqliteDatabase, tenantId: string, settings: AnnSettings): TenantAnn {
    return new TenantAnn(tenantId, currentLogSeq(db), settings);
  }

  /** Builds the whole graph at once; call inside a read transaction. Undefined when the tenant has no chunks. */
  static build(db: SqliteDatabase, tenantId: string, settings: AnnSettings): TenantAnn | undefined {
    const ann = TenantAnn.start(db, tenantId, settings);
    while (!ann.step(db)) {
      // until every row is in
    }
    return ann.dimension === 0 ? undefined : ann;
  }

  /** Adds the next rows of the tenant; true when there are none left. */
  step(db: SqliteDatabase, rows = BUILD_BATCH): boolean {
    // CROSS JOIN keeps the chunk rows outermost, so the id range is a seek, not a sort.
    const batch = db
      .prepare<[string, number, number], { id: number; vector: Buffer }>(
        `SELECT c.id, c.vector FROM search_chunks c CROSS JOIN search_documents d
         WHERE d.id = c.doc_id AND d.tenant_id = ? AND c.id > ? ORDER BY c.id LIMIT ?`,
      )
      .all(this.tenantId, this.#lastId, rows);
    if (batch.length === 0) return true;
    const keys = new BigUint64Array(batch.length);
    let filled = 0;
    let matrix = new Float32Array(0);
    for (const row of batch) {
      const vector = decodeVector(row.vector);
      if (this.dimension === 0) this.dimension = vector.length;
      if (matrix.length === 0) matrix = new Float32Array(batch.length * this.dimension);
      if (vector.length !== this.dimension) {
        this.mixedDimension ??= vector.length;
        continue;
      }
      keys[filled] = BigInt(row.id);
      matrix.set(vector, filled * this.dimension);
      filled++;
    }
    this.#add(keys.subarray(0, filled), matrix.subarray(0, filled * this.dimension));
    this.#lastId = (batch.at(-1) as { id: number }).id;
    return batch.length < rows;
  }

  get size(): number {
    return this.#segments.reduce((sum, segment) => sum + segment.size(), 0);
  }

  /** Vectors in each segment, oldest first. */
  get segmentSizes(): number[] {
    return this.#segments.map((segment) => segment.size());
  }

  /**
   * Applies the writes logged since this graph was built or last caught up. False when the log no
   * longer reaches back that far (pruned): the caller builds again. Call inside a read transaction.
   */
  catchUp(db: SqliteDatabase): boolean {
    const latest = currentLogSeq(db);
    if (latest === this.#seq) return true;
    const oldest = db.prepare<[], number | null>("SELECT min(seq) FROM search_vector_log").pluck().get() ?? latest + 1;
    if (oldest > this.#seq + 1) return false;
    // Replayed in order against the rows as they are now: an insert whose chunk is gone since is
    // skipped (its delete follows), so a reused row id ends up with its current chunk or none.
    const changes = db
      .prepare<
        [number],
        { seq: number; chunkRow: number; added: number; vector: Buffer | null; tenantId: string | null }
      >(
        `SELECT l.seq, l.chunk_row AS chunkRow, l.added, c.vector, d.tenant_id AS tenantId
         FROM search_vector_log l LEFT JOIN search_chunks c ON c.id = l.chunk_row LEFT JOIN search_documents d ON d.id = c.doc_id
         WHERE l.seq > ? ORDER BY l.seq`,
      )
      .iterate(this.#seq);
    for (const change of changes) {
      const key = BigInt(change.chunkRow);
      this.#segments.find((segment) => segment.contains(key))?.remove(key);
      if (change.added && change.vector && change.tenantId === this.tenantId) {
        const vector = decodeVector(change.vector);
        if (this.dimension === 0) this.dimension = vector.length;
        if (vector.length !== this.dimension) this.mixedDimension ??= vector.length;
        else this.#segmentWithRoom().add(key, vector, 1);
      }
      this.#seq = change.seq;
    }
    this.#seq = latest;
    // A segment the deletes emptied costs a search for nothing; the newest keeps taking inserts.
    this.#segments = this.#segments.filter((segment, i) => segment.size() > 0 || i === this.#segments.length - 1);
    return true;
  }

  /** Chunk row ids of the `count` nearest vectors by the graph (quantised distances: rescore them). */
  nearest(query: Float32Array, count: number): number[] {
    const found: { id: number; distance: number }[] = [];
    for (const segment of this.#segments) {
      const size = segment.size();
      if (size === 0) continue;
      // usearch widens the search to `count` candidates when that is more than its expansion.
      const matches = segment.search(query, Math.min(count, size), 1);
      for (let i = 0; i < matches.keys.length; i++) {
        found.push({ id: Number(matches.keys[i]), distance: matches.distances[i] as number });
      }
    }
    // Every segment measures the same quantised cosine distance, so their candidates compare.
    if (this.#segments.length > 1) found.sort((a, b) => a.distance - b.distance);
    return found.slice(0, count).map((match) => match.id);
  }
}

/** Where the vector log ends: 0 before its first write. */
export function currentLogSeq(db: SqliteDatabase): number {
  return db.prepare<[], number>("SELECT seq FROM sqlite_sequence WHERE name = 'search_vector_log'").pluck().get() ?? 0;
}

function newIndex(dimension: number, expansion: number): Index {
  const { Index, MetricKind, ScalarKind } = loadUsearch();
  return new Index({
    dimensions: dimension,
    metric: MetricKind.Cos,
    quantization: ScalarKind.I8,
    connectivity: CONNECTIVITY,
    expansion_add: EXPANSION_ADD,
    expansion_search: expansion,
    multi: false,
  });
}

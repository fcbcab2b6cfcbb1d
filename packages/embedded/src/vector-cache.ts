import type { SqliteDatabase } from "./sqlite-database.ts";
import { decodeVector, norm } from "./vector-codec.ts";

/** One tenant's vectors in one contiguous matrix, row r at [r * dimension, (r + 1) * dimension). */
export interface TenantVectors {
  /** Chunk row id of each matrix row. */
  ids: number[];
  rowOf: Map<number, number>;
  matrix: Float32Array;
  norms: Float64Array;
  /** Of the first vector; `mixedDimension` is set when another row has a different one. */
  dimension: number;
  mixedDimension?: number;
}

export interface ScoredRow {
  id: number;
  score: number;
}

/**
 * Decoded vectors per tenant. An entry is good while the tenant's generation counter (bumped in
 * the same transaction as every index write, by any process) is the one it was loaded at. The
 * least recently used tenants are dropped past `maxTenants`. A contiguous matrix rather than one
 * array per chunk: the exact scan then walks memory in order, several times faster at 100k chunks.
 */
export class VectorCache {
  readonly #entries = new Map<string, { generation: number; vectors: TenantVectors }>();
  readonly #maxTenants: number;
  readonly #generation;
  readonly #load;

  constructor(db: SqliteDatabase, maxTenants = 32) {
    this.#maxTenants = maxTenants;
    this.#generation = db
      .prepare<[string], number>("SELECT generation FROM search_generations WHERE tenant_id = ?")
      .pluck();
    this.#load = db.prepare<[string], { id: number; vector: Buffer }>(
      "SELECT c.id, c.vector FROM search_chunks c JOIN search_documents d ON d.id = c.doc_id WHERE d.tenant_id = ? ORDER BY c.id",
    );
  }

  /** Call inside the read transaction that also picks the candidates, so both see one snapshot. */
  forTenant(tenantId: string): TenantVectors {
    const generation = this.#generation.get(tenantId) ?? 0;
    const cached = this.#entries.get(tenantId);
    this.#entries.delete(tenantId);
    if (cached && cached.generation === generation) {
      this.#entries.set(tenantId, cached);
      return cached.vectors;
    }
    const vectors = this.#loadTenant(tenantId);
    this.#entries.set(tenantId, { generation, vectors });
    for (const oldest of this.#entries.keys()) {
      if (this.#entries.size <= this.#maxTenants) break;
      this.#entries.delete(oldest);
    }
    return vectors;
  }

  /** Forgets the tenant's vectors (its searches go through a graph now). */
  drop(tenantId: string): void {
    this.#entries.delete(tenantId);
  }

  #loadTenant(tenantId: string): TenantVectors {
    const ids: number[] = [];
    const rowOf = new Map<number, number>();
    let dimension = 0;
    let mixedDimension: number | undefined;
    let matrix = new Float32Array(0);
    let norms = new Float64Array(0);
    for (const row of this.#load.iterate(tenantId)) {
      const vector = decodeVector(row.vector);
      if (ids.length === 0) dimension = vector.length;
      if (vector.length !== dimension) {
        mixedDimension ??= vector.length;
        continue;
      }
      const r = ids.length;
      if ((r + 1) * dimension > matrix.length) {
        const grown = new Float32Array(Math.max(1024, r * 2) * dimension);
        grown.set(matrix);
        matrix = grown;
        const grownNorms = new Float64Array(Math.max(1024, r * 2));
        grownNorms.set(norms);
        norms = grownNorms;
      }
      matrix.set(vector, r * dimension);
      norms[r] = norm(vector);
      ids.push(row.id);
      rowOf.set(row.id, r);
    }
    return {
      ids,
      rowOf,
      matrix: matrix.subarray(0, ids.length * dimension),
      norms: norms.subarray(0, ids.length),
      dimension,
      ...(mixedDimension === undefined ? {} : { mixedDimension }),
    };
  }
}

/**
 * The k rows most similar to `query` by cosine (0 for a zero vector), best first, ties by row id;
 * over every row, or only the given matrix rows.
 */
export function topByCosine(
  vectors: TenantVectors,
  query: Float32Array,
  k: number,
  rows?: Iterable<number>,
): ScoredRow[] {
  const stored = vectors.mixedDimension ?? vectors.dimension;
  if (vectors.ids.length > 0 && (query.length !== vectors.dimension || vectors.mixedDimension !== undefined)) {
    throw new Error(`the query vector has ${query.length} dimensions; the index holds ${stored}`);
  }
  const { matrix, norms, ids, dimension } = vectors;
  const queryNorm = norm(query);
  const top: ScoredRow[] = [];
  const consider = (r: number) => {
    const rowNorm = norms[r] as number;
    let score = 0;
    if (queryNorm !== 0 && rowNorm !== 0) {
      let dot = 0;
      const offset = r * dimension;
      for (let i = 0; i < dimension; i++) dot += (query[i] as number) * (matrix[offset + i] as number);
      score = dot / (queryNorm * rowNorm);
    }
    const id = ids[r] as number;
    if (top.length === k) {
      const last = top[k - 1] as ScoredRow;
      if (score < last.score || (score === last.score && id > last.id)) return;
      top.pop();
    }
    // Insertion into a short sorted list: k is small next to the rows scanned.
    let at = top.length;
    while (at > 0) {
      const before = top[at - 1] as ScoredRow;
      if (before.score > score || (before.score === score && before.id < id)) break;
      at--;
    }
    top.splice(at, 0, { id, score });
  };
  if (rows) for (const r of rows) consider(r);
  else for (let r = 0; r < ids.length; r++) consider(r);
  return top;
}

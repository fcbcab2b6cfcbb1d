import type { SqliteDatabase } from "./sqlite-database.ts";
import { decodeVector, norm } from "./vector-codec.ts";

export interface StoredVector {
  vector: Float32Array;
  norm: number;
}

/**
 * Decoded vectors per tenant, keyed by chunk row id. An entry is good while the tenant's
 * generation counter (bumped in the same transaction as every index write, by any process) is
 * the one it was loaded at. The least recently used tenants are dropped past `maxTenants`.
 */
export class VectorCache {
  readonly #entries = new Map<string, { generation: number; vectors: Map<number, StoredVector> }>();
  readonly #maxTenants: number;
  readonly #generation;
  readonly #load;

  constructor(db: SqliteDatabase, maxTenants = 32) {
    this.#maxTenants = maxTenants;
    this.#generation = db
      .prepare<[string], number>("SELECT generation FROM search_generations WHERE tenant_id = ?")
      .pluck();
    this.#load = db.prepare<[string], { id: number; vector: Buffer }>(
      "SELECT c.id, c.vector FROM search_chunks c JOIN search_documents d ON d.id = c.doc_id WHERE d.tenant_id = ?",
    );
  }

  /** Call inside the read transaction that also picks the candidates, so both see one snapshot. */
  forTenant(tenantId: string): Map<number, StoredVector> {
    const generation = this.#generation.get(tenantId) ?? 0;
    const cached = this.#entries.get(tenantId);
    this.#entries.delete(tenantId);
    if (cached && cached.generation === generation) {
      this.#entries.set(tenantId, cached);
      return cached.vectors;
    }
    const vectors = new Map<number, StoredVector>();
    for (const row of this.#load.iterate(tenantId)) {
      const vector = decodeVector(row.vector);
      vectors.set(row.id, { vector, norm: norm(vector) });
    }
    this.#entries.set(tenantId, { generation, vectors });
    for (const oldest of this.#entries.keys()) {
      if (this.#entries.size <= this.#maxTenants) break;
      this.#entries.delete(oldest);
    }
    return vectors;
  }
}

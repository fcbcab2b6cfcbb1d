/**
 * The `_id`s this process wrote per document, kept for a while. On Serverless a write becomes
 * searchable only after the refresh interval (up to 60 s), so a replace or delete right after a
 * write cannot find those chunks by searching; deleting these ids too closes that gap for writes
 * made by this process. Writes by other processes are only found once they are searchable.
 */
export class RecentWrites {
  readonly #ttlMs: number;
  readonly #maxDocuments: number;
  readonly #now: () => number;
  readonly #entries = new Map<string, { ids: string[]; at: number }>();

  constructor(options: { ttlMs: number; maxDocuments?: number; now?: () => number }) {
    this.#ttlMs = options.ttlMs;
    this.#maxDocuments = options.maxDocuments ?? 1000;
    this.#now = options.now ?? Date.now;
  }

  get(tenantId: string, documentId: string): string[] {
    const key = keyOf(tenantId, documentId);
    const entry = this.#entries.get(key);
    if (!entry) return [];
    if (this.#now() - entry.at > this.#ttlMs) {
      this.#entries.delete(key);
      return [];
    }
    return entry.ids;
  }

  /** What the document holds now (as far as this process knows): replaces the earlier ids. */
  set(tenantId: string, documentId: string, ids: string[]): void {
    const key = keyOf(tenantId, documentId);
    this.#entries.delete(key);
    if (this.#ttlMs <= 0 || ids.length === 0) return;
    this.#entries.set(key, { ids, at: this.#now() });
    // Maps iterate in insertion order: the first entries are the oldest.
    for (const oldest of this.#entries.keys()) {
      if (this.#entries.size <= this.#maxDocuments) break;
      this.#entries.delete(oldest);
    }
  }
}

function keyOf(tenantId: string, documentId: string): string {
  return JSON.stringify([tenantId, documentId]);
}

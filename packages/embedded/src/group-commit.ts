import type { SqliteDatabase } from "./sqlite-database.ts";

interface Pending {
  work: () => unknown;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

/**
 * Writes of every document in flight (records, queue messages), committed together: each `run` joins the one transaction
 * that opens on the next turn of the event loop, so sixteen documents finishing at once pay for
 * one commit (one WAL append, one lock) instead of sixteen. Each write runs in a savepoint of its
 * own, so one that throws is rolled back alone and rejects alone, and the others commit. A write's
 * promise settles only once the transaction holding it has committed: a caller that acknowledges
 * a message after it never acknowledges a write that could still be rolled back.
 */
export class GroupCommit {
  readonly #db: SqliteDatabase;
  #pending: Pending[] = [];

  constructor(db: SqliteDatabase) {
    this.#db = db;
  }

  /** Runs `work` (synchronous SQLite statements) in the next group; resolves with its result after the commit. */
  run<T>(work: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (this.#pending.length === 0) setImmediate(() => this.#flush());
      this.#pending.push({ work, resolve: resolve as (value: unknown) => void, reject });
    });
  }

  #flush(): void {
    const group = this.#pending;
    this.#pending = [];
    if (!this.#db.open) {
      for (const item of group) item.reject(new TypeError("The database connection is not open"));
      return;
    }
    const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
    try {
      this.#db
        .transaction(() => {
          for (const item of group) {
            try {
              // Nested in the group's transaction, better-sqlite3 makes this a savepoint.
              outcomes.push({ ok: true, value: this.#db.transaction(item.work)() });
            } catch (error) {
              outcomes.push({ ok: false, error });
            }
          }
        })
        .immediate();
    } catch (error) {
      // The commit itself failed (busy past the timeout, disk full): nothing of the group was written.
      for (const item of group) item.reject(error);
      return;
    }
    group.forEach((item, i) => {
      const outcome = outcomes[i] as (typeof outcomes)[number];
      if (outcome.ok) item.resolve(outcome.value);
      else item.reject(outcome.error);
    });
  }
}

import { sequencerFromTime } from "@docworker/core";
import { migrate, type SqliteDatabase } from "./sqlite-database.ts";

/** Hands out S3-style sequencers that only ever grow. */
export type SequencerSource = () => string;

/** The next (milliseconds, counter) pair after `last`: time when it moved on, else the counter. */
function advance(last: { ms: number; counter: number }, nowMs: number): { ms: number; counter: number } {
  return nowMs > last.ms ? { ms: nowMs, counter: 0 } : { ms: last.ms, counter: last.counter + 1 };
}

/**
 * Time plus a counter, strictly increasing within this process. Across restarts it relies on the
 * clock having moved on; use the SQLite source when several processes write the same buckets.
 */
export function createMemorySequencerSource(clock: () => number = Date.now): SequencerSource {
  let last = { ms: 0, counter: 0 };
  return () => {
    last = advance(last, clock());
    return sequencerFromTime(last.ms, last.counter);
  };
}

/**
 * Persisted in the database inside a write transaction: strictly increasing across processes
 * and restarts, even if the clock steps back.
 */
export function createSqliteSequencerSource(db: SqliteDatabase, clock: () => number = Date.now): SequencerSource {
  migrate(db, "blob-sequencer", [
    "CREATE TABLE blob_sequencer (id INTEGER PRIMARY KEY CHECK (id = 1), last_ms INTEGER NOT NULL, counter INTEGER NOT NULL)",
  ]);
  const read = db.prepare<[], { last_ms: number; counter: number }>(
    "SELECT last_ms, counter FROM blob_sequencer WHERE id = 1",
  );
  const write = db.prepare<[number, number]>(
    "INSERT INTO blob_sequencer (id, last_ms, counter) VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET last_ms = excluded.last_ms, counter = excluded.counter",
  );
  const next = db.transaction(() => {
    const row = read.get();
    const value = advance({ ms: row?.last_ms ?? 0, counter: row?.counter ?? 0 }, clock());
    write.run(value.ms, value.counter);
    return sequencerFromTime(value.ms, value.counter);
  });
  return () => next.immediate();
}

import { chmodSync, existsSync } from "node:fs";
import Database from "better-sqlite3";

export type SqliteDatabase = Database.Database;

export interface OpenDatabaseOptions {
  /** How long a writer waits for another process's lock before failing with SQLITE_BUSY. */
  busyTimeoutMs?: number;
}

/**
 * Opens the embedded database the way every adapter needs it: WAL so readers never block the
 * writer, a busy timeout so the API and the worker may be separate processes, and foreign keys.
 * synchronous=NORMAL in WAL mode survives a process crash; only a power cut can lose the last
 * commits, which the queue's at-least-once delivery and the idempotent pipeline tolerate.
 */
export function openSqliteDatabase(path: string, options: OpenDatabaseOptions = {}): SqliteDatabase {
  const db = new Database(path, { timeout: options.busyTimeoutMs ?? 5000 });
  if (path !== ":memory:") {
    db.pragma("journal_mode = WAL");
    // SQLite creates its files with the umask's mode (0644 usually): records are tenants' data.
    for (const file of [path, `${path}-wal`, `${path}-shm`]) {
      if (existsSync(file)) chmodSync(file, 0o600);
    }
  }
  db.pragma("synchronous = NORMAL");
  db.pragma("foreign_keys = ON");
  return db;
}

/**
 * Applies the schema steps of one component that this database has not seen yet, each in its own
 * transaction, and records how far it got. Steps are append-only: never edit a published one.
 */
export function migrate(db: SqliteDatabase, component: string, steps: readonly string[]): void {
  db.exec("CREATE TABLE IF NOT EXISTS docworker_schema (component TEXT PRIMARY KEY, version INTEGER NOT NULL)");
  const current = db.prepare<[string], { version: number }>("SELECT version FROM docworker_schema WHERE component = ?");
  const record = db.prepare<[string, number]>(
    "INSERT INTO docworker_schema (component, version) VALUES (?, ?) ON CONFLICT (component) DO UPDATE SET version = excluded.version",
  );
  const apply = db.transaction((index: number, sql: string) => {
    // Re-read inside the write lock: another process may have migrated in the meantime.
    if ((current.get(component)?.version ?? 0) > index) return;
    db.exec(sql);
    record.run(component, index + 1);
  });
  for (let index = current.get(component)?.version ?? 0; index < steps.length; index++) {
    apply.immediate(index, steps[index] as string);
  }
}

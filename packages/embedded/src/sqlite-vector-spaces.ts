import { join } from "node:path";
import type {
  SearchIndex,
  VectorSpace,
  VectorSpaceIndexes,
  VectorSpacePointer,
  VectorSpaceState,
} from "@docworker/core";
import { PooledSearchIndex } from "./search-reader-pool.ts";
import { migrate, openSqliteDatabase, type SqliteDatabase } from "./sqlite-database.ts";
import { SqliteSearchIndex } from "./sqlite-search-index.ts";
import type { KeywordSettings } from "./sqlite-search-reader.ts";
import type { AnnSettings } from "./tenant-ann.ts";

const POINTER_SCHEMA = [
  `CREATE TABLE vector_spaces (
    role TEXT PRIMARY KEY CHECK (role IN ('home', 'active', 'next')),
    key TEXT NOT NULL,
    model TEXT NOT NULL,
    dimension INTEGER NOT NULL
  ) WITHOUT ROWID;`,
];

type Role = "home" | "active" | "next";
interface SpaceRow extends VectorSpace {
  role: Role;
}

/** The vector-space pointer in the embedded database: every change in one immediate transaction. */
export class SqliteVectorSpacePointer implements VectorSpacePointer {
  readonly #db: SqliteDatabase;
  readonly #readRows;

  constructor(db: SqliteDatabase) {
    this.#db = db;
    migrate(db, "vector-spaces", POINTER_SCHEMA);
    this.#readRows = db.prepare<[], SpaceRow>("SELECT role, key, model, dimension FROM vector_spaces");
  }

  /**
   * Read on every document's write: once the pointer exists, one read (a snapshot of its rows)
   * without the write lock; only a store that has none yet takes the lock to create it.
   */
  async state(initial: VectorSpace): Promise<VectorSpaceState> {
    return this.#read() ?? this.#db.transaction(() => this.#read() ?? this.#initialize(initial)).immediate();
  }

  async setNext(space: VectorSpace): Promise<void> {
    this.#db
      .transaction(() => {
        const state = this.#read();
        if (!state) throw new Error("the vector-space pointer is read (and so created) before a space is built");
        if (state.active.key === space.key) return;
        this.#put("next", space);
      })
      .immediate();
  }

  async activate(space: VectorSpace): Promise<boolean> {
    return this.#db
      .transaction(() => {
        const state = this.#read();
        if (state?.next?.key !== space.key) return false;
        this.#put("active", state.next);
        this.#db.prepare("DELETE FROM vector_spaces WHERE role = 'next'").run();
        return true;
      })
      .immediate();
  }

  #read(): VectorSpaceState | undefined {
    const rows = this.#readRows.all();
    const byRole = new Map(rows.map(({ role, ...space }) => [role, space]));
    const active = byRole.get("active");
    const home = byRole.get("home");
    if (!active || !home) return undefined;
    const next = byRole.get("next");
    return { active, home, ...(next ? { next } : {}) };
  }

  #initialize(initial: VectorSpace): VectorSpaceState {
    this.#put("home", initial);
    this.#put("active", initial);
    return { active: initial, home: initial };
  }

  #put(role: Role, space: VectorSpace): void {
    this.#db
      .prepare(
        `INSERT INTO vector_spaces (role, key, model, dimension) VALUES (?, ?, ?, ?)
         ON CONFLICT (role) DO UPDATE SET key = excluded.key, model = excluded.model, dimension = excluded.dimension`,
      )
      .run(role, space.key, space.model, space.dimension);
  }
}

/**
 * Each vector space's chunks in their own database file, `search-{key}.db` beside `docworker.db`;
 * the home space's stay in `docworker.db`, where they were before spaces existed. A file per
 * space keeps the search index's schema one space wide, and a space no longer used is one file
 * to delete. Each space's index is a search index of its own: its own vector graphs, and its own
 * reader threads when the home index has them.
 */
export class SqliteVectorSpaceIndexes implements VectorSpaceIndexes {
  readonly #home: SearchIndex;
  readonly #options: SqliteVectorSpaceIndexesOptions;
  readonly #opened = new Map<string, { db: SqliteDatabase; index: SqliteSearchIndex | PooledSearchIndex }>();

  constructor(options: SqliteVectorSpaceIndexesOptions) {
    this.#home = options.home;
    this.#options = options;
  }

  index(space: VectorSpace, options: { home: boolean }): SearchIndex {
    if (options.home) return this.#home;
    let opened = this.#opened.get(space.key);
    if (!opened) {
      const { dataDir, busyTimeoutMs = 5000, readerThreads = 0, ann = {}, keyword = {} } = this.#options;
      const databasePath = join(dataDir, `search-${space.key}.db`);
      const db = openSqliteDatabase(databasePath, { busyTimeoutMs });
      const writer = new SqliteSearchIndex(db, { ann, keyword });
      const index =
        readerThreads > 0
          ? new PooledSearchIndex(writer, readerThreads, { databasePath, busyTimeoutMs, ann, keyword })
          : writer;
      opened = { db, index };
      this.#opened.set(space.key, opened);
    }
    return opened.index;
  }

  async create(space: VectorSpace, options: { home: boolean }): Promise<void> {
    this.index(space, options);
  }

  /** Closes the spaces' databases at once; their reader threads are gone when the promise settles. */
  close(): Promise<void> {
    const pools: Promise<void>[] = [];
    for (const { db, index } of this.#opened.values()) {
      if (db.open) db.close();
      if (index instanceof PooledSearchIndex) pools.push(index.close());
    }
    this.#opened.clear();
    return Promise.all(pools).then(() => undefined);
  }
}

export interface SqliteVectorSpaceIndexesOptions {
  /** The home space's index, on `docworker.db`. */
  home: SearchIndex;
  dataDir: string;
  busyTimeoutMs?: number;
  /** Reader threads per space's index; 0 (the default) searches on the caller's thread. */
  readerThreads?: number;
  ann?: Partial<AnnSettings>;
  keyword?: Partial<KeywordSettings>;
}

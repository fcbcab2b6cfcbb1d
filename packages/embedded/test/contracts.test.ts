import { join } from "node:path";
import {
  describeBlobStoreContract,
  describeEventSourceContract,
  describeMetadataStoreContract,
  describeSearchIndexContract,
  describeVectorSpacesContract,
} from "@docworker/contract-tests";
import {
  FilesystemBlobStore,
  openSqliteDatabase,
  PooledSearchIndex,
  SqliteEventQueue,
  SqliteMetadataStore,
  SqliteSearchIndex,
  SqliteVectorSpaceIndexes,
  SqliteVectorSpacePointer,
} from "../src/index.ts";
import { tempDir } from "./temp-dir.ts";

/** A database file in a fresh folder, as the embedded default uses it (WAL and all). */
function withDatabase<T>(make: (db: ReturnType<typeof openSqliteDatabase>) => T) {
  const { dir, remove } = tempDir();
  const db = openSqliteDatabase(join(dir, "docworker.db"));
  return { db, adapter: make(db), dir, remove };
}

describeBlobStoreContract("FilesystemBlobStore", () => {
  const { dir, remove } = tempDir();
  return {
    adapter: new FilesystemBlobStore({ rootDir: dir, publicBaseUrl: "http://127.0.0.1:8080" }),
    cleanup: remove,
  };
});

describeMetadataStoreContract("SqliteMetadataStore", () => {
  const { db, adapter, remove } = withDatabase((db) => new SqliteMetadataStore(db));
  return {
    adapter,
    cleanup: () => {
      db.close();
      remove();
    },
  };
});

describeSearchIndexContract("SqliteSearchIndex", () => {
  const { db, adapter, remove } = withDatabase((db) => new SqliteSearchIndex(db));
  return {
    adapter,
    cleanup: () => {
      db.close();
      remove();
    },
  };
});

// Every tenant through the HNSW graph, however small, so the contract holds for the approximate path.
describeSearchIndexContract("SqliteSearchIndex through its vector graph", () => {
  const { db, adapter, remove } = withDatabase(
    (db) => new SqliteSearchIndex(db, { ann: { minChunks: 1, build: "inline" } }),
  );
  return {
    adapter,
    cleanup: () => {
      db.close();
      remove();
    },
  };
});

describeSearchIndexContract("PooledSearchIndex (reader threads, vector graph)", () => {
  const { dir, remove } = tempDir();
  const databasePath = join(dir, "docworker.db");
  const db = openSqliteDatabase(databasePath);
  const ann = { minChunks: 1, build: "inline" } as const;
  const adapter = new PooledSearchIndex(new SqliteSearchIndex(db, { ann }), 2, {
    databasePath,
    busyTimeoutMs: 5000,
    ann,
  });
  return {
    adapter,
    cleanup: async () => {
      await adapter.close();
      db.close();
      remove();
    },
  };
});

describeEventSourceContract("SqliteEventQueue", () => {
  const { db, adapter, remove } = withDatabase(
    (db) =>
      new SqliteEventQueue(db, {
        pollIntervalMs: 20,
        handlerErrorDelaySeconds: 0.05,
        visibilityTimeoutMs: 5000,
        maxReceiveCount: 3,
      }),
  );
  return {
    adapter: { source: adapter, send: (body: string) => adapter.send(body), maxReceiveCount: 3 },
    cleanup: async () => {
      await adapter.stop({ graceMs: 0 });
      db.close();
      remove();
    },
  };
});

describeVectorSpacesContract("SQLite: a database file per space, the pointer in docworker.db", () => {
  const { dir, remove } = tempDir();
  const db = openSqliteDatabase(join(dir, "docworker.db"));
  const indexes = new SqliteVectorSpaceIndexes({ home: new SqliteSearchIndex(db), dataDir: dir });
  return {
    adapter: { pointer: new SqliteVectorSpacePointer(db), indexes },
    cleanup: async () => {
      await indexes.close();
      db.close();
      remove();
    },
  };
});

describeVectorSpacesContract("SQLite with reader threads: each space's file its own graph and readers", () => {
  const { dir, remove } = tempDir();
  const databasePath = join(dir, "docworker.db");
  const db = openSqliteDatabase(databasePath);
  const ann = { minChunks: 1, build: "inline" } as const;
  const home = new PooledSearchIndex(new SqliteSearchIndex(db, { ann }), 1, { databasePath, busyTimeoutMs: 5000, ann });
  const indexes = new SqliteVectorSpaceIndexes({ home, dataDir: dir, readerThreads: 1, ann });
  return {
    adapter: { pointer: new SqliteVectorSpacePointer(db), indexes },
    cleanup: async () => {
      await Promise.all([indexes.close(), home.close()]);
      db.close();
      remove();
    },
  };
});

import type { IndexHit } from "@docworker/core";
import Database from "better-sqlite3";
import { Tinypool } from "tinypool";
import { type KeywordSettings, type SearchReadQuery, SqliteSearchReader } from "./sqlite-search-reader.ts";
import type { AnnSettings } from "./tenant-ann.ts";

export interface SearchReaderThreadData {
  databasePath: string;
  busyTimeoutMs: number;
  ann: Partial<AnnSettings>;
  keyword?: Partial<KeywordSettings>;
}

let reader: SqliteSearchReader | undefined;

/**
 * A search reader thread: its own connection, read-only (query_only), to the WAL database the
 * writer keeps, and its own vector graphs, so searches on several threads run side by side and
 * beside the writer. The pool's threads load this module; each search is one task.
 */
export default function search(read: SearchReadQuery): IndexHit[] {
  reader ??= open(Tinypool.workerData as SearchReaderThreadData);
  return reader.run(read);
}

function open(data: SearchReaderThreadData): SqliteSearchReader {
  const db = new Database(data.databasePath, { fileMustExist: true, timeout: data.busyTimeoutMs });
  db.pragma("query_only = ON");
  return new SqliteSearchReader(db, data.ann, data.keyword);
}

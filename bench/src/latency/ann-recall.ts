import { join } from "node:path";
import { type AnnSettings, openSqliteDatabase, SqliteSearchReader } from "@docworker/embedded";
import { round } from "../stats.ts";

export interface AnnRecallRow {
  chunks: number;
  queries: number;
  /** Share of the exact top 10 the graph search returned (ties at the 10th score count as found). */
  recallAt10: number;
  /** Building the graph from the filled database, in one thread. */
  buildSeconds: number;
  /** Per query, in process, after the build. */
  graphMs: number;
  exactMs: number;
}

/**
 * Recall@10 of the vector graph against the exact scan, on the data directory the latency rows
 * are measured on: the same SqliteSearchReader the reader threads run, once with every tenant on
 * the graph and once with none.
 */
export function measureAnnRecall(
  dataDir: string,
  tenantId: string,
  queries: Float32Array[],
  chunks: number,
  settings: Partial<AnnSettings> = {},
): AnnRecallRow {
  const db = openSqliteDatabase(join(dataDir, "docworker.db"));
  try {
    const graph = new SqliteSearchReader(db, { ...settings, minChunks: 1, build: "inline" });
    const exact = new SqliteSearchReader(db, { minChunks: Number.MAX_SAFE_INTEGER });
    const search = (reader: SqliteSearchReader, vector: Float32Array) =>
      reader.vectorSearch({ tenantId, k: 10, filters: {}, vector });
    let started = performance.now();
    search(graph, queries[0] as Float32Array); // builds the graph
    const buildSeconds = (performance.now() - started) / 1000;
    let graphMs = 0;
    let exactMs = 0;
    let found = 0;
    let wanted = 0;
    for (const vector of queries) {
      started = performance.now();
      const approximate = search(graph, vector);
      graphMs += performance.now() - started;
      started = performance.now();
      const truth = search(exact, vector);
      exactMs += performance.now() - started;
      const tenth = truth.at(-1)?.score ?? Number.NEGATIVE_INFINITY;
      wanted += truth.length;
      // The graph's scores are exact cosines (it rescores its candidates), so a tie is a find.
      found += approximate.filter((hit) => hit.score >= tenth - 1e-6).length;
    }
    return {
      chunks,
      queries: queries.length,
      recallAt10: round(found / Math.max(1, wanted), 3),
      buildSeconds: round(buildSeconds, 1),
      graphMs: round(graphMs / queries.length, 2),
      exactMs: round(exactMs / queries.length, 2),
    };
  } finally {
    db.close();
  }
}

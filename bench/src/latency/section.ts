import { existsSync, readFileSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { join } from "node:path";
import { buildApiApp, loadApiHttpConfig, singleTenant } from "@docworker/api";
import { createOpenSearchClient, OpenSearchIndex } from "@docworker/aws";
import { type IndexedChunk, loadCoreConfig, SEARCH_MODES, type SearchIndex } from "@docworker/core";
import { openEmbeddedAdapters } from "@docworker/embedded";
import { startStandalone } from "@docworker/standalone";
import type { BenchConfig } from "../config.ts";
import { hashingEmbedder } from "../embedders.ts";
import { chunkSciFact } from "../scifact/corpus-chunks.ts";
import { loadSciFact } from "../scifact/dataset.ts";
import { TENANT } from "../scifact/evaluate.ts";
import { indexChunks } from "../scifact/index-corpus.ts";
import { CHUNKING } from "../scifact/section.ts";
import { round } from "../stats.ts";
import { type AnnRecallRow, measureAnnRecall } from "./ann-recall.ts";
import { closedLoop, type LoadResult } from "./load.ts";

export interface LatencyRow extends LoadResult {
  backend: string;
  chunks: number;
  mode: string;
}

export interface LatencySection {
  description: string;
  fillSeconds: Record<string, number>;
  rows: LatencyRow[];
  skipped: string[];
  /** Recall@10 of the embedded vector graph against the exact scan, per size. */
  ann?: AnnRecallRow[];
  /** The rows of the run these are compared with (kept from run to run until replaced on purpose). */
  baseline?: { date: string; commit: string; rows: LatencyRow[] };
}

/**
 * SciFact chunks, copied under new document ids (10 chunks a document) until there are `count`.
 * Each copy's vector is the original's with seeded noise on a few dimensions, renormalised: a
 * real corpus has no thousands of identical vectors, and with them every top 10 would be ties.
 */
function syntheticChunks(base: IndexedChunk[], count: number): IndexedChunk[] {
  let seed = 42;
  const next = () => {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    return seed / 4294967296;
  };
  const out: IndexedChunk[] = [];
  for (let i = 0; i < count; i++) {
    const chunk = base[i % base.length] as IndexedChunk;
    const documentId = `syn-${Math.floor(i / 10)}`;
    let vector = chunk.vector;
    if (i >= base.length) {
      vector = Float32Array.from(chunk.vector);
      for (let t = 0; t < 24; t++) {
        const d = Math.floor(next() * vector.length);
        vector[d] = (vector[d] as number) + (next() - 0.5) * 0.3;
      }
      const n = Math.hypot(...vector) || 1;
      for (let d = 0; d < vector.length; d++) vector[d] = (vector[d] as number) / n;
    }
    out.push({ ...chunk, vector, documentId, chunkId: `${documentId}#${i % 10}`, ordinal: i % 10 });
  }
  return out;
}

/** BENCH_LATENCY_SIZES=10000,100000,1000000: the index sizes measured (default 10k and 100k). */
function latencySizes(quick: boolean): number[] {
  const listed = process.env.BENCH_LATENCY_SIZES?.split(",").map((s) => Number(s.trim()));
  if (listed?.length && listed.every((n) => Number.isInteger(n) && n > 0)) return listed;
  return quick ? [10_000] : [10_000, 100_000];
}

/** The latency rows of the report this run replaces, or the baseline that report kept. */
function baselineOf(cfg: BenchConfig): LatencySection["baseline"] {
  const file = join(cfg.outDir, "benchmarks.json");
  if (!existsSync(file)) return undefined;
  const previous = JSON.parse(readFileSync(file, "utf8")) as {
    meta?: { date?: string; commit?: string };
    latency?: LatencySection;
  };
  if (previous.latency?.baseline) return previous.latency.baseline;
  if (!previous.latency?.rows.length) return undefined;
  return { date: previous.meta?.date ?? "", commit: previous.meta?.commit ?? "", rows: previous.latency.rows };
}

export const LATENCY_ENV = {
  EMBEDDINGS_PROVIDER: "hashing",
  DOCWORKER_DEFAULT_TENANT: TENANT,
  LOG_LEVEL: "error",
  // The per-tenant limit (120 a minute by default) would answer most of a closed loop with 429.
  RATE_LIMIT_PER_MINUTE: "100000000",
  // The warm-up's vector searches wait for each reader thread's graph, so the timed ones never
  // meet a build; at 1M chunks that takes minutes.
  SEARCH_ANN_BUILD: "inline",
  API_REQUEST_TIMEOUT_SECONDS: "3600",
  API_CONNECTION_TIMEOUT_SECONDS: "3600",
};

export async function runLatencySection(
  cfg: BenchConfig,
  openSearchUrl: string | undefined,
  log: (m: string) => void,
): Promise<LatencySection> {
  const sf = loadSciFact(cfg.scifactDir);
  const embedder = hashingEmbedder();
  const baseChunks = chunkSciFact(sf.corpus, CHUNKING);
  const { vectors } = await embedder.embedDocuments(baseChunks.map((c) => c.text));
  const base = baseChunks.map((c, i) => ({ ...c, vector: vectors[i] as Float32Array }));
  const sizes = latencySizes(cfg.quick);
  const baseline = baselineOf(cfg);
  const queryVectors = (await Promise.all(sf.queries.slice(0, 100).map((q) => embedder.embedQuery(q.text)))).map(
    (batch) => batch.vectors[0] as Float32Array,
  );
  const ann: AnnRecallRow[] = [];
  const load = cfg.quick ? { maxRequests: 60, maxSeconds: 2 } : { maxRequests: 400, maxSeconds: 5 };
  const queries = sf.queries.map((q) => q.text);
  const rows: LatencyRow[] = [];
  const fillSeconds: Record<string, number> = {};
  const skipped: string[] = [];

  const measure = async (backend: string, size: number, url: string) => {
    for (const mode of SEARCH_MODES) {
      for (const concurrency of [1, 8]) {
        const send = (i: number) =>
          fetch(`${url}/search`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ query: queries[i % queries.length], k: 10, mode }),
          });
        // Warm-up, concurrent so that every reader thread has built its vector graph before timing.
        const warmUp = (i: number) => JSON.stringify({ query: queries[i % queries.length], k: 10, mode });
        await Promise.all(Array.from({ length: 8 }, (_, w) => postAndWait(`${url}/search`, warmUp(w))));
        const result = await closedLoop(send, { ...load, concurrency });
        rows.push({ backend, chunks: size, mode, ...result });
      }
    }
    const last = rows.slice(-6);
    log(`  ${backend} ${size}: ${last.map((r) => `${r.mode}/c${r.concurrency} p50 ${r.p50} ms`).join(", ")}`);
  };

  for (const size of sizes) {
    const chunks = syntheticChunks(base, size);
    // Embedded: fill the data directory, then serve it with `make run`'s own entry point.
    const dataDir = join(cfg.workDir, `latency-${size}`);
    const adapters = openEmbeddedAdapters({ dataDir, rawBucket: "raw-input", processedBucket: "processed-output" });
    fillSeconds[`embedded-${size}`] = round((await indexChunks(adapters.index, chunks)) / 1000);
    await adapters.close();
    ann.push(measureAnnRecall(dataDir, TENANT, queryVectors, size));
    log(`  vector graph ${size}: ${JSON.stringify(ann.at(-1))}`);
    const server = await startStandalone({
      port: 0,
      host: "127.0.0.1",
      env: { ...process.env, ...LATENCY_ENV, DOCWORKER_DATA_DIR: dataDir },
    });
    try {
      await measure("embedded", size, server.url);
    } finally {
      await server.stop();
    }

    if (!openSearchUrl) {
      skipped.push(`OpenSearch ${size}: no OpenSearch`);
      continue;
    }
    if (size > 10_000 && (fillSeconds["opensearch-10000"] ?? Infinity) * (size / 10_000) > 240) {
      skipped.push(`OpenSearch ${size}: filling it would take over 4 minutes on this machine`);
      continue;
    }
    const client = createOpenSearchClient({ node: openSearchUrl, serverless: false });
    const name = `bench-latency-${size}-${Date.now()}`;
    const index = new OpenSearchIndex(client, { index: name, dimension: embedder.dimension });
    const metaDir = join(cfg.workDir, `latency-os-${size}`);
    const meta = openEmbeddedAdapters({
      dataDir: metaDir,
      rawBucket: "raw-input",
      processedBucket: "processed-output",
    });
    try {
      await index.ensureIndex();
      fillSeconds[`opensearch-${size}`] = round((await indexChunks(index, chunks, 8)) / 1000);
      await client.indices.refresh({ index: name });
      const app = await apiOn(index, meta, embedder);
      const url = await app.listen({ port: 0, host: "127.0.0.1" });
      try {
        await measure("OpenSearch (emulated)", size, url);
      } finally {
        await app.close();
      }
    } finally {
      await meta.close();
      await client.indices.delete({ index: name }).catch(() => undefined);
    }
  }
  return {
    description:
      "POST /search {query, k: 10, mode} over HTTP on 127.0.0.1, SciFact queries in turn; closed loop, " +
      `${load.maxRequests} requests or ${load.maxSeconds} s per cell after 8 concurrent warm-up requests (every reader thread builds its vector graph then). ` +
      "Chunks: SciFact's chunks repeated under new ids, each copy's vector given seeded noise so that copies are distinct points; " +
      "lexical hashing embedder (512 dims) so 100k chunks need no model time.",
    fillSeconds,
    rows,
    skipped,
    ann,
    ...(baseline ? { baseline } : {}),
  };
}

/**
 * A POST that waits for its answer however long it takes: at a million chunks the first vector
 * searches build each reader thread's graph for minutes, longer than fetch waits for a response's
 * headers (300 s). node:http sets no such limit.
 */
function postAndWait(url: string, body: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      url,
      { method: "POST", headers: { "content-type": "application/json" } },
      (response) => {
        response.resume();
        response.on("end", () =>
          response.statusCode === 200 ? resolve() : reject(new Error(`warm-up search: HTTP ${response.statusCode}`)),
        );
      },
    );
    request.on("error", reject);
    request.end(body);
  });
}

/** The API on the OpenSearch index (the AWS adapter); records and blobs stay embedded (search does not use them). */
async function apiOn(
  index: SearchIndex,
  meta: ReturnType<typeof openEmbeddedAdapters>,
  embedder: ReturnType<typeof hashingEmbedder>,
) {
  return buildApiApp({
    deps: {
      config: loadCoreConfig({ DOCWORKER_DEFAULT_TENANT: TENANT }),
      metadata: meta.metadata,
      blobs: meta.blobs,
      index,
      embedder,
    },
    authenticate: singleTenant(TENANT),
    http: loadApiHttpConfig(LATENCY_ENV),
    logger: false,
  });
}

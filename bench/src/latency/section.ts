import { join } from "node:path";
import { buildApiApp, singleTenant } from "@docworker/api";
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
}

/** SciFact chunks, copied under new document ids (10 chunks a document) until there are `count`. */
function syntheticChunks(base: IndexedChunk[], count: number): IndexedChunk[] {
  const out: IndexedChunk[] = [];
  for (let i = 0; i < count; i++) {
    const chunk = base[i % base.length] as IndexedChunk;
    const documentId = `syn-${Math.floor(i / 10)}`;
    out.push({ ...chunk, documentId, chunkId: `${documentId}#${i % 10}`, ordinal: i % 10 });
  }
  return out;
}

export const LATENCY_ENV = { EMBEDDINGS_PROVIDER: "hashing", DOCWORKER_DEFAULT_TENANT: TENANT, LOG_LEVEL: "error" };

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
  const sizes = cfg.quick ? [10_000] : [10_000, 100_000];
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
        for (let w = 0; w < 5; w++) await (await send(w)).arrayBuffer(); // warm-up
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
      `${load.maxRequests} requests or ${load.maxSeconds} s per cell after 5 warm-up requests. ` +
      "Chunks: SciFact's chunks repeated under new ids; lexical hashing embedder (512 dims) so 100k chunks need no model time.",
    fillSeconds,
    rows,
    skipped,
  };
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
    logger: false,
  });
}

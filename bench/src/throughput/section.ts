import { existsSync, readdirSync, readFileSync } from "node:fs";
import { loadavg } from "node:os";
import { extname, join } from "node:path";
import type { Embedder } from "@docworker/core";
import type { BenchConfig } from "../config.ts";
import { createFixedCostEmbedder, hashingEmbedder, openMiniLm } from "../embedders.ts";
import { ingestWithLangChain } from "../peers/langchain-peer.ts";
import { ingestWithLlamaIndex } from "../peers/llamaindex-peer.ts";
import { peerVersions } from "../peers/versions.ts";
import { docText, loadSciFact } from "../scifact/dataset.ts";
import { CHUNKING } from "../scifact/section.ts";
import { round } from "../stats.ts";
import type { TimeShare } from "./main-thread-profile.ts";
import { type CorpusFile, type PipelineRun, runPipeline } from "./pipeline-run.ts";

const TYPES: Record<string, string> = {
  ".pdf": "application/pdf",
  ".txt": "text/plain",
  ".md": "text/markdown",
  ".html": "text/html",
  ".json": "application/json",
  ".csv": "text/csv",
};

function sharedDocuments(dir: string): CorpusFile[] {
  return readdirSync(dir)
    .sort()
    .map((filename) => ({
      filename,
      bytes: readFileSync(join(dir, filename)),
      contentType: TYPES[extname(filename)] ?? "application/octet-stream",
    }));
}

export interface PeerThroughputRow {
  system: string;
  embedder: string;
  documents: number;
  chunks: number;
  seconds: number;
  docsPerSecond: number;
  chunksPerSecond: number;
}

/** One profiled run of the fixed-cost pipeline: where the event loop's time went. */
export interface ProfiledRun {
  /** How short plain text was prepared: "parse pool" (every document in a worker process) or "in process". */
  preparation: string;
  round: number;
  docsPerSecond: number;
  seconds: number;
  /** The 1-minute load average when the run ended (other work shares this machine). */
  loadAverage: number;
  mainThread: TimeShare[];
}

export interface ThroughputSection {
  mixedCorpus: { description: string; runs: PipelineRun[] };
  /** The fixed-cost pipeline profiled, short plain text through the parse pool and in process, alternating. */
  profile?: { description: string; runs: ProfiledRun[] };
  peers: { description: string; rows: PeerThroughputRow[] };
  /** The peers rows of the report this run replaces, to show beside this run's (another run: another load). */
  before?: { date?: string; commit?: string; rows: PeerThroughputRow[] };
  /** Written by runs before the AWS rows existed; the AWS figures are in the `aws` section now. */
  aws?: string;
}

/** The mixed corpus of the ingest rows: every shared document, then SciFact abstracts as .txt. */
export function mixedCorpus(cfg: BenchConfig): { files: CorpusFile[]; description: string } {
  const sf = loadSciFact(cfg.scifactDir);
  const shared = sharedDocuments(cfg.documentsDir);
  const scifactCount = cfg.quick ? 50 : 500;
  const scifactFiles = sf.corpus.slice(0, scifactCount).map((d) => ({
    filename: `scifact-${d.id}.txt`,
    bytes: new TextEncoder().encode(docText(d)),
    contentType: "text/plain",
  }));
  return {
    files: [...shared, ...scifactFiles],
    description: `${shared.length} shared documents (PDF, DOCX, PPTX, XLSX, HTML, e-mail, text; ${shared.filter((f) => /\.(png|jpg)$/.test(f.filename)).length} images and several broken/encrypted files that end FAILED) + ${scifactCount} SciFact abstracts as .txt`,
  };
}

/** The peers rows of the last report in the output folder, if it has any. */
function previousPeers(cfg: BenchConfig): ThroughputSection["before"] {
  const file = join(cfg.outDir, "benchmarks.json");
  if (!existsSync(file)) return undefined;
  const previous = JSON.parse(readFileSync(file, "utf8")) as {
    meta?: { date?: string; commit?: string };
    throughput?: ThroughputSection;
  };
  const rows = previous.throughput?.peers.rows;
  if (!rows) return undefined;
  return {
    rows,
    ...(previous.meta?.date ? { date: previous.meta.date } : {}),
    ...(previous.meta?.commit ? { commit: previous.meta.commit } : {}),
  };
}

export async function runThroughputSection(cfg: BenchConfig, log: (m: string) => void): Promise<ThroughputSection> {
  const before = previousPeers(cfg);
  const sf = loadSciFact(cfg.scifactDir);
  const { files: mixed, description } = mixedCorpus(cfg);
  const minilm = await openMiniLm(cfg.modelDir);
  const embedders: Embedder[] = [minilm, hashingEmbedder(), createFixedCostEmbedder()];
  const runs: PipelineRun[] = [];
  let n = 0;
  try {
    for (const embedder of embedders) {
      const run = await runPipeline(mixed, embedder, join(cfg.workDir, `throughput-${n++}`));
      log(
        `  pipeline, mixed corpus, ${embedder.model}: ${round(run.docsPerSecond)} docs/s, ${round(run.chunksPerSecond)} chunks/s`,
      );
      runs.push(run);
    }

    // Peers: the same texts, the same chunk size, the same embedder object, measured back to back.
    const peerDocs = sf.corpus.slice(0, cfg.quick ? 40 : 300);
    const peerFiles = peerDocs.map((d) => ({
      filename: `scifact-${d.id}.txt`,
      bytes: new TextEncoder().encode(docText(d)),
      contentType: "text/plain",
    }));
    const texts = peerDocs.map((d) => ({ id: d.id, text: docText(d) }));
    const chunking = { chunkSize: CHUNKING.targetTokens, chunkOverlap: CHUNKING.overlapTokens };
    const versions = peerVersions();
    const rows: PeerThroughputRow[] = [];
    for (const embedder of [minilm, createFixedCostEmbedder()]) {
      const ours = await runPipeline(peerFiles, embedder, join(cfg.workDir, `throughput-${n++}`));
      rows.push({
        system:
          "docworker (full pipeline: queue, parse, chunk, embed, extract, FTS5 + vector index, record, processed JSON)",
        embedder: embedder.model,
        documents: peerFiles.length,
        chunks: ours.chunks,
        seconds: round(ours.seconds, 2),
        docsPerSecond: round(ours.docsPerSecond),
        chunksPerSecond: round(ours.chunksPerSecond),
      });
      const peers = [
        [
          `LlamaIndex.TS ${versions.llamaindex}`,
          () => ingestWithLlamaIndex(texts, embedder, { ...chunking, batchSize: 16 }),
        ],
        [`LangChain.js ${versions["@langchain/classic"]}`, () => ingestWithLangChain(texts, embedder, chunking)],
      ] as const;
      for (const [system, ingest] of peers) {
        const result = await ingest();
        rows.push({
          system,
          embedder: embedder.model,
          documents: texts.length,
          chunks: result.chunks,
          seconds: round(result.ms / 1000, 2),
          docsPerSecond: round(texts.length / (result.ms / 1000)),
          chunksPerSecond: round(result.chunks / (result.ms / 1000)),
        });
      }
      log(
        `  peers with ${embedder.model}: ${rows
          .slice(-3)
          .map((r) => `${r.system.split(" ")[0]} ${r.docsPerSecond} docs/s`)
          .join(", ")}`,
      );
    }
    // 300 abstracts even in a quick run: the fixed-cost pipeline drains them in seconds, and fewer
    // would leave the profile to start-up (the first use of each library).
    const profileFiles = sf.corpus.slice(0, 300).map((d) => ({
      filename: `scifact-${d.id}.txt`,
      bytes: new TextEncoder().encode(docText(d)),
      contentType: "text/plain",
    }));
    const profiled: ProfiledRun[] = [];
    for (let pass = 1; pass <= 2; pass++) {
      for (const [preparation, inProcessTextMaxBytes] of [
        ["parse pool", 0],
        ["in process", undefined],
      ] as const) {
        const run = await runPipeline(profileFiles, createFixedCostEmbedder(), join(cfg.workDir, `throughput-${n++}`), {
          profile: true,
          ...(inProcessTextMaxBytes === undefined ? {} : { inProcessTextMaxBytes }),
        });
        profiled.push({
          preparation,
          round: pass,
          docsPerSecond: round(run.docsPerSecond),
          seconds: round(run.seconds, 2),
          loadAverage: round(loadavg()[0] ?? 0, 2),
          mainThread: (run.mainThread ?? []).map((share) => ({
            ...share,
            msPerDocument: round(share.msPerDocument, 3),
            share: round(share.share, 3),
          })),
        });
        log(`  profiled, fixed-cost, ${preparation}: ${round(run.docsPerSecond)} docs/s (load ${loadavg()[0]})`);
      }
    }
    return {
      mixedCorpus: {
        description,
        runs,
      },
      profile: {
        description: `${profileFiles.length} SciFact abstracts as .txt, the fixed-cost embedder, the rules extractor, worker concurrency 16, under the V8 sampling profiler of the event loop (0.5 ms interval); short plain text through the parse pool (IN_PROCESS_TEXT_MAX_BYTES=0, as before) and in process (the default), alternating, two rounds`,
        runs: profiled,
      },
      peers: {
        description: `${texts.length} SciFact abstracts (title + text) as plain text; docworker through its pipeline from .txt files, the peers from strings in memory`,
        rows,
      },
      ...(before ? { before } : {}),
    };
  } finally {
    await minilm.close();
  }
}

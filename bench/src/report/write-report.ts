import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { AwsSection } from "../aws/section.ts";
import type { BenchConfig } from "../config.ts";
import type { LatencySection } from "../latency/section.ts";
import type { UploadToSearchable } from "../latency/upload-to-searchable.ts";
import type { RecognitionSection } from "../ocr/section.ts";
import type { QualityRow } from "../scifact/quality.ts";
import type { QualitySection } from "../scifact/section.ts";
import type { PeerThroughputRow, ThroughputSection } from "../throughput/section.ts";
import { barChartSvg, type ChartSpec, renderPng } from "./svg-charts.ts";

type Results = Record<string, unknown> & {
  meta?: Record<string, unknown>;
  sections: Record<string, { seconds: number; error?: string }>;
  quality?: QualitySection;
  throughput?: ThroughputSection;
  latency?: LatencySection;
  uploadToSearchable?: UploadToSearchable;
  aws?: AwsSection;
  footprint?: Record<string, unknown>;
  recognition?: RecognitionSection;
};

const table = (head: string[], rows: (string | number)[][]) =>
  [
    `| ${head.join(" | ")} |`,
    `| ${head.map(() => "---").join(" | ")} |`,
    ...rows.map((r) => `| ${r.join(" | ")} |`),
  ].join("\n");
const f = (v: number | undefined, d = 1) => (v === undefined || !Number.isFinite(v) ? "-" : v.toFixed(d));

export function writeReport(cfg: BenchConfig, results: Results): void {
  mkdirSync(join(cfg.outDir, "benchmarks"), { recursive: true });
  writeFileSync(join(cfg.outDir, "benchmarks.json"), `${JSON.stringify(results, null, 2)}\n`);
  const charts = writeCharts(cfg, results);
  // The /health-under-ingest benchmark runs on its own (bench/src/health); its section is kept.
  const health = join(cfg.outDir, "benchmarks", "health-under-ingest.md");
  const kept = existsSync(health) ? `\n${readFileSync(health, "utf8")}` : "";
  writeFileSync(join(cfg.outDir, "benchmarks.md"), `${markdown(results, charts)}${kept}`);
}

function writeCharts(cfg: BenchConfig, r: Results): Record<string, string> {
  const specs: Record<string, ChartSpec> = {};
  const quality = r.quality?.rows.filter((row) => !row.note?.startsWith("diagnostic"));
  if (quality?.length) {
    specs.quality = {
      title: "SciFact nDCG@10 (higher is better)",
      unit: "nDCG@10; references: BM25 0.665, all-MiniLM-L6-v2 0.645, bge-small-en-v1.5 0.713",
      series: ["nDCG@10"],
      bars: [
        ...quality.map((row) => ({
          label: `${row.system.split(" ")[0]} ${row.system === "docworker" ? row.backend.split(" ")[0] : "in-memory"} ${row.mode}${row.embedderKind === "lexical" ? " (lexical)" : ""}${row.rerank ? " (stand-in, lexical)" : ""}`,
          values: [row.ndcg10],
        })),
        ...Object.entries(r.quality?.reference ?? {}).map(([label, v]) => ({
          label: `published: ${label}`,
          values: [v],
        })),
      ],
    };
  }
  const runs = r.throughput?.mixedCorpus.runs;
  if (runs?.length) {
    const stages = ["download", "parse", "chunk", "embed", "extract", "index", "store"];
    specs.throughput = {
      title: "Ingest: seconds per stage, summed over documents (mixed corpus)",
      unit: "seconds of stage time (4 documents in flight, so the sum exceeds wall time)",
      series: stages,
      stacked: true,
      bars: runs.map((run) => ({ label: run.embedder, values: stages.map((s) => (run.stageMs[s] ?? 0) / 1000) })),
    };
  }
  const latency = r.latency?.rows;
  if (latency?.length) {
    specs.latency = {
      title: "POST /search latency through HTTP, p50 and p95",
      unit: "milliseconds",
      series: ["p50", "p95"],
      bars: latency.map((row) => ({
        label: `${row.backend.split(" ")[0]} ${row.chunks / 1000}k ${row.mode} c=${row.concurrency}`,
        values: [row.p50, row.p95],
      })),
    };
  }
  const written: Record<string, string> = {};
  for (const [name, spec] of Object.entries(specs)) {
    writeFileSync(join(cfg.outDir, "benchmarks", `${name}.png`), renderPng(barChartSvg(spec)));
    written[name] = `benchmarks/${name}.png`;
  }
  return written;
}

function markdown(r: Results, charts: Record<string, string>): string {
  const m = r.meta ?? {};
  const out: string[] = [
    "# Benchmarks",
    "",
    "Written by `make bench` (bench/); raw figures in [benchmarks.json](benchmarks.json). Do not edit by hand: run it again.",
    "",
    table(
      ["", ""],
      [
        ["date", String(m.date)],
        ["commit", String(m.commit)],
        ["machine", `${m.cores} cores (${m.cpu}), ${m.memoryGiB} GiB, ${m.platform}`],
        ["Node", String(m.node)],
        ["mode", m.quick ? "BENCH_QUICK=1 (samples only: not comparable to a full run)" : "full"],
        ...(Array.isArray(m.updates)
          ? (m.updates as { sections: string[]; date: string; commit: string; seconds: number }[]).map((u) => [
              "updated",
              `${u.sections.join(", ")} run again alone (BENCH_ONLY) on ${u.date}, commit ${u.commit}, ${f(u.seconds, 0)} s`,
            ])
          : []),
        [
          "run time",
          `${f(Number(m.totalSeconds) / 60)} min (${Object.entries(r.sections)
            .map(([k, v]) => `${k} ${f(v.seconds, 0)} s`)
            .join(", ")})`,
        ],
      ],
    ),
    "",
    "The machine is a 2-core VM that other work may share while the suite runs: compare figures from the same run (the peers run in the same process, back to back, for that reason), not across runs.",
    "",
  ];
  for (const [name, s] of Object.entries(r.sections)) if (s.error) out.push(`**${name} failed:** ${s.error}`, "");
  out.push(...goalRows(r));

  const q = r.quality;
  if (q) {
    out.push(
      "## 1. Retrieval quality: BEIR SciFact (test split)",
      "",
      `${q.dataset.documents} documents, ${q.dataset.queries} judged queries${q.dataset.subset ? " (quick subset)" : ""}. Each SciFact entry is one docworker document: the title as a heading and the abstract as a paragraph go through docworker's real chunker (\`chunkBlocks\`, ${q.chunking.targetTokens}/${q.chunking.overlapTokens} cl100k tokens), giving ${q.dataset.chunks} chunks; the parser is skipped (plain text), the chunks are written straight into the index with \`replaceDocument\`, and queries run through \`searchDocuments\` (the code behind POST /search), k = 200 chunks. A document ranks at its best chunk (max-score aggregation). Metrics: nDCG@10 (graded, log2 discount, ideal DCG from the qrels), recall@100, MRR@10, as trec_eval defines them.`,
      "",
      `Embedders: **all-MiniLM-L6-v2** (int8 ONNX, 256-token truncation; corpus embedded in ${q.corpusEmbedSeconds.minilm} s, ${q.memo.cached} vectors from .tools/bench-cache, ${q.memo.computed} computed) and docworker's **hashing embedder, which is lexical** (it matches words, not meaning). Hybrid = docworker's reciprocal rank fusion (k = 60) of BM25 and vector lists, on both backends (the emulated OpenSearch has no hybrid query).`,
      "",
      table(
        ["system", "backend", "mode", "embedder", "nDCG@10", "recall@100", "MRR@10"],
        q.rows
          .filter((row) => !row.note?.startsWith("diagnostic"))
          .map((row) => [
            row.system,
            row.backend,
            row.mode,
            row.embedderKind === "lexical" ? `${row.embedder} (**lexical**)` : row.embedder,
            f(row.ndcg10, 3),
            f(row.recall100, 3),
            f(row.mrr10, 3),
          ]),
      ),
      "",
      ...rerankRows(q.rows),
      "The metric code (bench/src/scifact/metrics.ts) was checked against pytrec_eval (pytrec-eval-terrier 0.5.11) on a synthetic 300-query run: nDCG@10 and recall@100 agree to every printed digit.",
      "",
      `Published nDCG@10 on this split: ${Object.entries(q.reference)
        .map(([k, v]) => `${k} ${v}`)
        .join(", ")}.`,
      "",
      "Peers' configuration (same corpus strings, same chunk size in the same tokenizer, the same embedder object wrapped as their embedding class):",
      "",
      `- LlamaIndex.TS: ${q.peerConfig.llamaindex}`,
      `- LangChain.js: ${q.peerConfig.langchain}`,
      "",
      "OpenSearch BM25 query variants on the same index (diagnostic, to place docworker's keyword query against the published BM25 0.665):",
      "",
      table(
        ["query", "nDCG@10", "recall@100", "MRR@10"],
        q.rows
          .filter((row) => row.note?.startsWith("diagnostic"))
          .map((row) => [row.mode, f(row.ndcg10, 3), f(row.recall100, 3), f(row.mrr10, 3)]),
      ),
      "",
    );
    if (charts.quality) out.push(`![SciFact nDCG@10](${charts.quality})`, "");
  }

  const t = r.throughput;
  if (t) {
    const stages = ["download", "parse", "chunk", "embed", "extract", "index", "store"];
    out.push(
      "## 2. Ingest throughput",
      "",
      `Corpus: ${t.mixedCorpus.description}. The files are put into the raw-input bucket first (each put queues its event), then the worker (concurrency 16, the default) drains the queue through the real use case: claim, download, parse, chunk, then embed (batched across the documents in flight, 32 texts a call at most; MiniLM on a thread of its own) and extract (rules, with the local classifier, whose text joins the chunks' batch) side by side, index (FTS5 + vectors), processed JSON, record; the SQLite writes of the documents in flight (record, message) are committed in groups. Wall time from worker start to the last document. The fixed-cost embedder returns a vector without computing anything: its row is the pipeline's own overhead. Embed and extract overlap, so their stage times overlap too.`,
      "",
      table(
        ["embedder", "documents", "processed", "failed", "chunks", "MB", "seconds", "docs/s", "MB/s", "chunks/s"],
        t.mixedCorpus.runs.map((run) => [
          run.embedder,
          run.documents,
          run.processed,
          run.failed,
          run.chunks,
          f(run.megabytes, 2),
          f(run.seconds),
          f(run.docsPerSecond),
          f(run.mbPerSecond, 2),
          f(run.chunksPerSecond),
        ]),
      ),
      "",
      "Share of stage time (summed over processed documents):",
      "",
      table(
        ["embedder", ...stages],
        t.mixedCorpus.runs.map((run) => {
          const total = stages.reduce((a, s) => a + (run.stageMs[s] ?? 0), 0) || 1;
          return [
            run.embedder,
            ...stages.map(
              (s) => `${f((100 * (run.stageMs[s] ?? 0)) / total, 0)}% (${f((run.stageMs[s] ?? 0) / 1000)} s)`,
            ),
          ];
        }),
      ),
      "",
    );
    if (charts.throughput) out.push(`![stage time](${charts.throughput})`, "");
    const base = new Map(
      t.peers.rows.filter((row) => row.system.startsWith("docworker")).map((row) => [row.embedder, row.docsPerSecond]),
    );
    const beforeRows = t.before?.rows ?? [];
    const systemName = (system: string) => system.split(" (")[0]?.split(" ")[0] ?? system;
    const beforeOf = (row: PeerThroughputRow) =>
      beforeRows.find((old) => systemName(old.system) === systemName(row.system) && old.embedder === row.embedder);
    const beforeBase = new Map(
      beforeRows.filter((row) => row.system.startsWith("docworker")).map((row) => [row.embedder, row.docsPerSecond]),
    );
    out.push(
      "### Peers, same texts, same embedder",
      "",
      `${t.peers.description}.`,
      "",
      table(
        [
          "system",
          "embedder",
          "documents",
          "chunks",
          "seconds",
          "docs/s",
          "chunks/s",
          "× docworker",
          ...(t.before ? ["docs/s before", "× docworker before"] : []),
        ],
        t.peers.rows.map((row) => {
          const old = beforeOf(row);
          return [
            row.system,
            row.embedder,
            row.documents,
            row.chunks,
            f(row.seconds, 2),
            f(row.docsPerSecond),
            f(row.chunksPerSecond),
            f(row.docsPerSecond / (base.get(row.embedder) ?? Number.NaN), 2),
            ...(t.before
              ? [
                  f(old?.docsPerSecond),
                  f((old?.docsPerSecond ?? Number.NaN) / (beforeBase.get(row.embedder) ?? Number.NaN), 2),
                ]
              : []),
          ];
        }),
      ),
      "",
      ...(t.before
        ? [
            `"Before": the report this run replaced (${t.before.date?.slice(0, 10) ?? "undated"}, commit ${t.before.commit ?? "unknown"}), measured under another load: compare the ratios (× docworker), which are from one run each, rather than the docs/s across runs.`,
            "",
          ]
        : []),
      ...(t.profile ? profileRows(t.profile) : []),
    );
  }
  const aws = r.aws;
  if (t || aws) out.push(...(aws ? awsIngestRows(aws) : [`AWS path: ${t?.aws ?? "not measured in this run"}.`, ""]));

  const l = r.latency;
  if (l) {
    out.push(
      "## 3. Search latency through the HTTP API",
      "",
      `${l.description} Embedded: services/standalone on a filled data directory. OpenSearch: the API (buildApiApp) with OpenSearchIndex as its index, on the emulated single node (exact k-NN: no HNSW graph there, see scripts/emulated/README.md).`,
      "",
      ...(l.baseline
        ? [`"before": the same cell in the run of ${l.baseline.date} (commit ${l.baseline.commit}).`, ""]
        : []),
      table(
        [
          "backend",
          "chunks",
          "mode",
          "concurrency",
          "p50 ms",
          "p95 ms",
          "p99 ms",
          ...(l.baseline ? ["p50 ms before", "p95 ms before"] : []),
          "queries/s",
          "requests",
          "errors",
        ],
        l.rows.map((row) => {
          const before = l.baseline?.rows.find(
            (b) =>
              b.backend === row.backend &&
              b.chunks === row.chunks &&
              b.mode === row.mode &&
              b.concurrency === row.concurrency,
          );
          return [
            row.backend,
            row.chunks,
            row.mode,
            row.concurrency,
            f(row.p50),
            f(row.p95),
            f(row.p99),
            ...(l.baseline ? [before ? f(before.p50) : "–", before ? f(before.p95) : "–"] : []),
            f(row.qps),
            row.requests,
            row.errors,
          ];
        }),
      ),
      "",
      ...(l.ann?.length
        ? [
            "Embedded vector graph (HNSW, usearch, 8-bit vectors, its candidates rescored exactly; a tenant's vectors in graphs of at most SEARCH_ANN_SEGMENT_CHUNKS (100,000), each searched and their candidates merged, so 1M chunks are 10 graphs) against the exact scan, on the same data directories, in process, first 100 SciFact queries; the API uses the graph for a tenant of at least SEARCH_ANN_MIN_CHUNKS (20,000) chunks. One graph of all 1M chunks recalled 0.333 (expansion_search 2048: 0.49; 16-bit vectors: 0.355); segments of 50,000: 0.991 at 46.9 ms a query:",
            "",
            table(
              ["chunks", "recall@10", "graph build s", "graph ms/query", "exact ms/query", "queries"],
              l.ann.map((a) => [
                a.chunks,
                f(a.recallAt10, 3),
                f(a.buildSeconds),
                f(a.graphMs),
                f(a.exactMs),
                a.queries,
              ]),
            ),
            "",
          ]
        : []),
      `Index fill time (s): ${Object.entries(l.fillSeconds)
        .map(([k, v]) => `${k} ${v}`)
        .join(", ")}.${l.skipped.length ? ` Skipped: ${l.skipped.join("; ")}.` : ""}`,
      "",
    );
    if (charts.latency) out.push(`![latency](${charts.latency})`, "");
  }

  const u = r.uploadToSearchable;
  if (u) {
    out.push(
      "## 4. Upload to searchable",
      "",
      `${u.description}; ${u.samples} samples.`,
      "",
      table(["p50 ms", "p95 ms", "mean ms", "max ms"], [[f(u.p50), f(u.p95), f(u.mean), f(u.max)]]),
      "",
    );
  }
  if (u || aws) out.push(...(aws ? awsUploadRows(aws) : [`AWS path: ${u?.aws ?? "not measured in this run"}.`, ""]));

  const fp = r.footprint as
    | {
        productionInstallMb: { package: string; mb: number; largest: { package: string; mb: number }[] }[];
        imageEstimate: { package: string; mb: number; how: string }[];
        commands?: { api: string; worker: string };
        startToReadyMs: { api: number; worker: number };
        rssMb: {
          idle: { api: number; worker: number };
          underLoad: { api: number; worker: number };
          idleWithoutCompileCache?: { api: number; worker: number };
          apiIdleCompileCacheWarm?: number;
          idleAws?: { api: number; worker: number };
          idleRuns?: { aws?: { api: number; worker: number }[] };
        };
        imageTrees?: {
          service: string;
          mb: number;
          compileCacheMb: number;
          largest: { package: string; mb: number }[];
          embeddedOnly: { package: string; mb: number; what: string }[];
        }[];
        aws?: { startToReadyMs?: { api: number; worker: number }; how?: string; skipped?: string };
        compileCache?: string;
        load: string;
        embedder: string;
      }
    | undefined;
  if (fp) {
    out.push(
      "## 5. Footprint",
      "",
      "Production installs from `pnpm deploy --prod --filter <service>` (no Docker here, so image sizes are estimates):",
      "",
      table(
        ["service", "production install MB", "largest packages", "image estimate MB"],
        fp.productionInstallMb.map((p, i) => [
          p.package,
          f(p.mb),
          p.largest.map((x) => `${x.package} ${f(x.mb)}`).join(", "),
          f(fp.imageEstimate[i]?.mb),
        ]),
      ),
      "",
      `Image estimate = ${fp.imageEstimate[0]?.how}.`,
      "",
      `Processes (\`${fp.commands?.api ?? "node services/api/src/main.ts"}\`, \`${fp.commands?.worker ?? "node services/worker/src/main.ts"}\`: each Dockerfile's CMD; one data directory; ${fp.embedder}):`,
      "",
      table(
        ["process", "start → ready ms", "RSS idle MB", "RSS peak under load MB"],
        [
          ["API", fp.startToReadyMs.api, f(fp.rssMb.idle.api), f(fp.rssMb.underLoad.api)],
          ["worker", fp.startToReadyMs.worker, f(fp.rssMb.idle.worker), f(fp.rssMb.underLoad.worker)],
        ],
      ),
      "",
      `Load: ${fp.load}. Ready = GET /health answers (API), "worker started" logged (worker).`,
      "",
      ...(fp.rssMb.idleWithoutCompileCache
        ? [
            `Compile cache: ${fp.compileCache}. RSS idle is the median of three starts of both services; the same run, alternated, without the caches: API ${f(fp.rssMb.idleWithoutCompileCache.api)} MB, worker ${f(fp.rssMb.idleWithoutCompileCache.worker)} MB. Without a cache Node strips every module's types at start and keeps its TypeScript stripper loaded.`,
            "",
          ]
        : fp.rssMb.apiIdleCompileCacheWarm === undefined
          ? []
          : [
              `The API idle on its second start with Node's compile cache (NODE_COMPILE_CACHE, same flags): ${f(fp.rssMb.apiIdleCompileCacheWarm)} MB.`,
              "",
            ]),
      ...(fp.imageTrees ? awsImageRows(fp.imageTrees, fp.rssMb, fp.aws) : []),
    );
  }
  const ocr = r.recognition;
  if (ocr) {
    out.push(
      "## 6. Text recognition: SROIE receipts",
      "",
      `${ocr.description} Goal for the embedded path: CER under 10 %.`,
      "",
      recognitionTable(ocr.rows),
      ...(ocr.earlier
        ? [
            "",
            `The run before (${ocr.earlier.date?.slice(0, 10) ?? "undated"}, commit ${ocr.earlier.commit ?? "unknown"}; "-": not measured then):`,
            "",
            recognitionTable(ocr.earlier.rows),
          ]
        : []),
      "",
      ...(ocr.tried ? [ocr.tried, ""] : []),
      `CER: ${ocr.definitions.cer}`,
      "",
      `Word F1: ${ocr.definitions.wordF1}`,
      "",
      `Seconds per page: ${ocr.definitions.secondsPerPage}. The AWS row runs the real Textract SDK client and adapter against the local stand-in, whose text comes from the same Tesseract: it measures the wire and the adapter's overhead, not Amazon Textract's accuracy, which cannot be measured here.`,
      "",
    );
  }
  return `${out.join("\n")}\n`;
}

function recognitionTable(rows: NonNullable<Results["recognition"]>["rows"]): string {
  return table(
    [
      "path",
      "receipts",
      "CER %",
      "CER % (file order)",
      "mean receipt CER %",
      "word precision",
      "word recall",
      "word F1",
      "s/page",
      "mean confidence",
    ],
    rows.map((row) => [
      row.path,
      row.receipts,
      f(row.cer === undefined ? undefined : row.cer * 100),
      f(row.cerFileOrder * 100),
      f(row.meanReceiptCer === undefined ? undefined : row.meanReceiptCer * 100),
      f(row.wordPrecision, 3),
      f(row.wordRecall, 3),
      f(row.wordF1, 3),
      f(row.secondsPerPage, 2),
      f(row.meanConfidence, 2),
    ]),
  );
}

/** Where the event loop's time goes, through the parse pool and in process, side by side. */
function profileRows(profile: NonNullable<ThroughputSection["profile"]>): string[] {
  const last = (preparation: string) => profile.runs.filter((run) => run.preparation === preparation).at(-1);
  const pool = last("parse pool");
  const inProcess = last("in process");
  const categories = [...new Set(profile.runs.flatMap((run) => run.mainThread.map((share) => share.category)))];
  const of = (run: typeof pool, category: string) => run?.mainThread.find((share) => share.category === category);
  categories.sort((a, b) => (of(inProcess, b)?.msPerDocument ?? 0) - (of(inProcess, a)?.msPerDocument ?? 0));
  const cell = (run: typeof pool, category: string) => {
    const share = of(run, category);
    return share ? `${f(share.msPerDocument, 2)} (${f(100 * share.share, 0)}%)` : "-";
  };
  return [
    "### Where the time goes (fixed-cost embedder, profiled)",
    "",
    `${profile.description}. Each run's figure with the load average when it ended:`,
    "",
    table(
      ["short plain text prepared", "round", "docs/s", "seconds", "load average"],
      profile.runs.map((run) => [
        run.preparation,
        run.round,
        f(run.docsPerSecond),
        f(run.seconds, 2),
        f(run.loadAverage, 2),
      ]),
    ),
    "",
    "The event loop's time per document, in ms, by what it ran (the last run of each kind; idle is the loop waiting, so the column adds up to the wall time per document):",
    "",
    table(
      ["", "through the parse pool", "in process"],
      categories.map((category) => [category, cell(pool, category), cell(inProcess, category)]),
    ),
    "",
  ];
}

/**
 * No verdict: no cross-encoder can be had here (docs/operations.md lists the registry packages
 * looked into), and the only reranker that runs, the Bedrock stand-in's, scores word overlap.
 */
function rerankGoal(rows: QualityRow[]): string {
  const reranked = rows.filter((row) => row.rerank);
  const none = "no cross-encoder weights in any registry package checked (docs/operations.md)";
  if (reranked.length === 0) return `not measured: ${none}`;
  const hybrid = rows.find((row) => row.mode === "hybrid" && row.embedderKind === "semantic" && !row.rerank);
  const figures = reranked.map((row) => `${f(row.ndcg10, 3)} at depth ${row.rerank?.depth}`).join(", ");
  return `not measured: ${none}; the Bedrock path against its lexical stand-in gives ${figures}, hybrid alone ${f(hybrid?.ndcg10, 3)} (word overlap, not a quality measure)`;
}

/** The reranked hybrid rows: what scored them and what reranking adds to a search's time. */
function rerankRows(rows: QualityRow[]): string[] {
  const reranked = rows.filter((row) => row.rerank);
  const hybrid = rows.find((row) => row.mode === "hybrid" && row.embedderKind === "semantic" && !row.rerank);
  if (reranked.length === 0) return [];
  const first = reranked[0]?.rerank;
  return [
    `Hybrid + rerank@N: the first N hybrid results reordered through docworker's reranking step (\`searchDocuments\` with the Reranker port), by the AWS adapter (\`BedrockReranker\`, the Rerank API of bedrock-agent-runtime, ${first?.model}) against the in-process Bedrock stand-in. **The stand-in scores word overlap, not a model's relevance: these rows measure the path and its cost, not what Amazon Rerank or Cohere Rerank would do to nDCG.** No embedded cross-encoder runs: no registry package reachable here ships its weights (docs/operations.md lists those checked). Search time is \`searchDocuments\`' own per query (embedded index, query embedding included), sequential; added = the reranked query's time less the same query's hybrid time.`,
    "",
    table(
      ["rerank depth", "nDCG@10", "vs hybrid", "search p50 ms", "search p95 ms", "added p50 ms", "added p95 ms"],
      reranked.map((row) => [
        row.rerank?.depth ?? "-",
        f(row.ndcg10, 3),
        hybrid ? f(row.ndcg10 - hybrid.ndcg10, 3) : "-",
        `${f(row.rerank?.searchMs.p50, 1)} (hybrid ${f(row.rerank?.hybridSearchMs.p50, 1)})`,
        `${f(row.rerank?.searchMs.p95, 1)} (hybrid ${f(row.rerank?.hybridSearchMs.p95, 1)})`,
        f(row.rerank?.addedMs.p50, 1),
        f(row.rerank?.addedMs.p95, 1),
      ]),
    ),
    "",
  ];
}

/** Each goal's figure in the report that set it, so a reader sees how far a run moved it. */
const GOALS_SET_AT: Record<string, string> = {
  "MiniLM ingest, docworker ÷ LlamaIndex.TS (same run)": "0.49× (9.6 vs 19.7 docs/s)",
  "ingest with the fixed-cost embedder": "202.0 docs/s",
};

/** The performance goals, each beside this run's figure (sections not in this run: "not measured"). */
function goalRows(r: Results): string[] {
  const peers = r.throughput?.peers.rows ?? [];
  const row = (system: string, embedder: string) =>
    peers.find((p) => p.system.startsWith(system) && p.embedder.startsWith(embedder));
  const ours = row("docworker", "all-MiniLM");
  const llama = row("LlamaIndex", "all-MiniLM");
  const fixed = row("docworker", "fixed-cost");
  const latency = (concurrency: number) =>
    r.latency?.rows.find(
      (l) => l.backend === "embedded" && l.chunks === 100_000 && l.mode === "hybrid" && l.concurrency === concurrency,
    );
  const footprint = r.footprint as
    | {
        rssMb?: { idle: { api: number; worker: number }; idleAws?: { api: number; worker: number } };
        imageTrees?: { service: string; embeddedOnly: { package: string }[] }[];
      }
    | undefined;
  const fp = footprint?.rssMb?.idle;
  const fpAws = footprint?.rssMb?.idleAws;
  const trees = footprint?.imageTrees;
  const embeddedOnly = trees?.flatMap((t) => t.embeddedOnly.map((e) => `${e.package} (${t.service})`));
  const missing = "not measured in this run";
  const verdict = (met: boolean | undefined) => (met === undefined ? "" : met ? "met" : "not met");
  const goals: [string, string, string, boolean | undefined][] = [
    [
      "MiniLM ingest, docworker ÷ LlamaIndex.TS (same run)",
      "≥ 1.5×",
      ours && llama
        ? `${f(ours.docsPerSecond / llama.docsPerSecond, 2)}× (${f(ours.docsPerSecond)} vs ${f(llama.docsPerSecond)} docs/s)`
        : missing,
      ours && llama ? ours.docsPerSecond / llama.docsPerSecond >= 1.5 : undefined,
    ],
    [
      "ingest with the fixed-cost embedder",
      "≥ 1,000 docs/s",
      fixed ? `${f(fixed.docsPerSecond)} docs/s` : missing,
      fixed ? fixed.docsPerSecond >= 1000 : undefined,
    ],
    ...[1, 8].map((c): [string, string, string, boolean | undefined] => {
      const cell = latency(c);
      const target = c === 1 ? 50 : 150;
      return [
        `embedded hybrid search, 100k chunks, concurrency ${c}, p95`,
        `< ${target} ms`,
        cell ? `${f(cell.p95)} ms` : missing,
        cell ? cell.p95 < target : undefined,
      ];
    }),
    ["worker idle RSS", "< 150 MB", fp ? `${f(fp.worker)} MB` : missing, fp ? fp.worker < 150 : undefined],
    ["API idle RSS", "< 120 MB", fp ? `${f(fp.api)} MB` : missing, fp ? fp.api < 120 : undefined],
    [
      "worker idle RSS, AWS image",
      "< 150 MB",
      fpAws ? `${f(fpAws.worker)} MB` : missing,
      fpAws ? fpAws.worker < 150 : undefined,
    ],
    [
      "API idle RSS, AWS image",
      "< 120 MB",
      fpAws ? `${f(fpAws.api)} MB` : missing,
      fpAws ? fpAws.api < 120 : undefined,
    ],
    [
      "AWS images hold no embedded-only dependency",
      "none",
      embeddedOnly ? embeddedOnly.join(", ") || "none" : missing,
      embeddedOnly ? embeddedOnly.length === 0 : undefined,
    ],
    ["hybrid + rerank nDCG@10 on SciFact", "≥ 0.75", rerankGoal(r.quality?.rows ?? []), undefined],
  ];
  return [
    "## Goals",
    "",
    "Each performance goal beside this run's figure (timings are only comparable within one run).",
    "",
    table(
      ["goal", "target", "this run", "", "when the goal was set"],
      goals.map(([goal, target, value, met]) => [goal, target, value, verdict(met), GOALS_SET_AT[goal] ?? "-"]),
    ),
    "",
  ];
}

const STAGES = ["download", "parse", "chunk", "embed", "extract", "index", "store"];

function awsIngestRows(aws: AwsSection): string[] {
  const run = aws.ingest;
  const total = STAGES.reduce((a, s) => a + (run.stageMs[s] ?? 0), 0) || 1;
  return [
    "### AWS path, on the emulated stack",
    "",
    `${aws.description}. Corpus: ${run.corpus}. Each file is PutObject'd into the raw bucket under its own \`tenants/default/documents/<id>/\` key (8 puts in flight, ${f(run.putSeconds)} s for all of them); moto sends each "Object Created" event through the EventBridge rule to SQS, and the worker drains the queue while the puts go on: receive, claim (DynamoDB), download (S3), parse, chunk, embed (Bedrock stand-in, Titan wire format), extract (Bedrock stand-in, Converse), index (OpenSearch bulk), processed JSON (S3), complete (DynamoDB), delete the message. Wall time from the first PutObject to the worker's last "document processed"/"document failed" log line; the per-stage times are the worker's own, read from those lines; processed/failed are the final DynamoDB records.`,
    "",
    table(
      [
        "path",
        "documents",
        "processed",
        "failed",
        "unfinished",
        "chunks",
        "MB",
        "seconds",
        "docs/s",
        "MB/s",
        "chunks/s",
        "retries",
      ],
      [
        [
          "emulated AWS",
          run.documents,
          run.processed,
          run.failed,
          run.unfinished,
          run.chunks,
          f(run.megabytes, 2),
          f(run.seconds),
          f(run.docsPerSecond),
          f(run.mbPerSecond, 2),
          f(run.chunksPerSecond),
          run.retries,
        ],
      ],
    ),
    "",
    table(
      ["path", ...STAGES],
      [
        [
          "emulated AWS",
          ...STAGES.map(
            (s) => `${f((100 * (run.stageMs[s] ?? 0)) / total, 0)}% (${f((run.stageMs[s] ?? 0) / 1000)} s)`,
          ),
        ],
      ],
    ),
    "",
    "What this row shows and does not show: it proves the whole AWS wiring runs end to end (S3 → EventBridge → SQS → worker → DynamoDB, OpenSearch, Bedrock) and measures docworker's own overhead on it plus the cost of a round trip per AWS call. It is not a forecast of AWS throughput: moto is a Python emulator that serves one request at a time or close to it (every S3, SQS, DynamoDB call here queues behind the others), the stand-in's embeddings are lexical and instant and its extraction is built instantly by rules from the document (compare it with the hashing and fixed-cost rows above, not with MiniLM), and OpenSearch is a local node doing exact k-NN. On AWS, Bedrock's latency (tens to hundreds of ms per call) and its throttling quotas dominate ingest, and the worker's throughput scales with WORKER_CONCURRENCY and the number of tasks rather than with one process.",
    "",
  ];
}

function awsUploadRows(aws: AwsSection): string[] {
  const u = aws.uploadToSearchable;
  return [
    "### AWS path, on the emulated stack",
    "",
    `${aws.description}; ${u.description}; polled every ${u.pollMs} ms; ${u.samples} samples (after one untimed).`,
    "",
    table(
      ["path", "p50 ms", "p95 ms", "mean ms", "max ms", "PUT → processed p50 ms", "PUT → processed p95 ms"],
      [["emulated AWS", f(u.p50), f(u.p95), f(u.mean), f(u.max), f(u.processedP50), f(u.processedP95)]],
    ),
    "",
    "PUT → processed is when the worker logged \"document processed\" (its stdout, read by the suite): the pipeline itself, S3 → EventBridge → SQS → worker → DynamoDB/OpenSearch, takes that long; the rest of upload-to-searchable is waiting for OpenSearch to make the new chunks visible to search. The PUT's event reaches the worker through EventBridge and an SQS long poll (SQS_WAIT_TIME_SECONDS=1 here; 20 s by default, which delays nothing: a long poll returns as soon as a message arrives), and the chunks become searchable at the index's next refresh: about every second on the emulated node, up to 60 s on OpenSearch Serverless, which dominates upload-to-searchable there. Real Bedrock calls add their latency to the embed and extract stages.",
    "",
  ];
}

/** The AWS images: their trees (build-image-tree.sh) and their processes idle on the AWS adapters. */
function awsImageRows(
  trees: {
    service: string;
    mb: number;
    compileCacheMb: number;
    largest: { package: string; mb: number }[];
    embeddedOnly: { package: string; mb: number; what: string }[];
  }[],
  rss: { idleAws?: { api: number; worker: number }; idleRuns?: { aws?: { api: number; worker: number }[] } },
  aws: { startToReadyMs?: { api: number; worker: number }; how?: string; skipped?: string } | undefined,
): string[] {
  const idle = (service: string) => rss.idleAws?.[service as "api" | "worker"];
  const ready = (service: string) => aws?.startToReadyMs?.[service as "api" | "worker"];
  const runs = rss.idleRuns?.aws;
  return [
    "The AWS images, as their Dockerfiles build them (`scripts/deploy/build-image-tree.sh` into a folder, its compile cache filled by `scripts/deploy/fill-compile-cache.ts`; the base image and Node come on top) and their processes on the AWS adapters:",
    "",
    table(
      [
        "image",
        "tree MB",
        "of it compile cache MB",
        "largest packages",
        "embedded-only packages",
        "start → ready ms",
        "RSS idle MB",
      ],
      trees.map((t) => [
        t.service === "api" ? "API" : "worker",
        f(t.mb),
        f(t.compileCacheMb),
        t.largest.map((x) => `${x.package} ${f(x.mb)}`).join(", "),
        t.embeddedOnly.length === 0
          ? "none"
          : t.embeddedOnly.map((e) => `${e.package} ${f(e.mb)} (${e.what})`).join(", "),
        ready(t.service) ?? "-",
        idle(t.service) === undefined ? "-" : f(idle(t.service)),
      ]),
    ),
    "",
    aws?.how
      ? `RSS idle: ${aws.how}${runs ? ` (runs: ${runs.map((r) => `API ${f(r.api)}, worker ${f(r.worker)}`).join("; ")})` : ""}.`
      : `RSS idle on the AWS adapters: not measured (${aws?.skipped ?? "no emulated AWS stack"}).`,
    "",
  ];
}

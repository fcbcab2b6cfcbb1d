import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

/** Where everything is and how much of it to run; all from the environment. */
export interface BenchConfig {
  /** BENCH_QUICK=1: small samples of everything, for developing the suite (minutes, not 20). */
  quick: boolean;
  repoRoot: string;
  scifactDir: string;
  documentsDir: string;
  /** SROIE receipts: img/NNN.jpg with ground-truth lines in ocr/NNN.csv. */
  receiptsDir: string;
  modelDir: string;
  /** docs/: benchmarks.md, benchmarks.json, benchmarks/*.png */
  outDir: string;
  /** Scratch space for data directories; removed at the end. */
  workDir: string;
  /** BENCH_ONLY=quality,throughput,...: run only these sections (development). */
  only?: Set<string>;
}

export function loadBenchConfig(env: Record<string, string | undefined> = process.env): BenchConfig {
  const repoRoot = resolve(import.meta.dirname, "../..");
  const shared = resolve(repoRoot, "../shared/datasets");
  const fallbackShared = "/work/shared/datasets";
  const datasets = existsSync(shared) ? shared : fallbackShared;
  return {
    quick: env.BENCH_QUICK === "1" || env.BENCH_QUICK === "true",
    repoRoot,
    scifactDir: resolve(env.BENCH_SCIFACT_DIR ?? join(datasets, "scifact")),
    documentsDir: resolve(env.BENCH_DOCUMENTS_DIR ?? join(datasets, "documents")),
    receiptsDir: resolve(env.BENCH_RECEIPTS_DIR ?? join(datasets, "receipts")),
    modelDir: resolve(env.MINILM_MODEL_DIR ?? join(repoRoot, ".tools/models/all-MiniLM-L6-v2")),
    outDir: resolve(env.BENCH_OUT_DIR ?? join(repoRoot, "docs")),
    workDir: mkdtempSync(join(tmpdir(), "docworker-bench-")),
    ...(env.BENCH_ONLY ? { only: new Set(env.BENCH_ONLY.split(",").map((s) => s.trim())) } : {}),
  };
}

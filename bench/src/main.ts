import { rmSync } from "node:fs";
import { runAwsSection } from "./aws/section.ts";
import { type BenchConfig, loadBenchConfig } from "./config.ts";
import { type EmulatedStack, emulatedStack, stopEmulatedStack } from "./emulated.ts";
import { runFootprintSection } from "./footprint.ts";
import { runLatencySection } from "./latency/section.ts";
import { measureUploadToSearchable } from "./latency/upload-to-searchable.ts";
import { machineInfo } from "./machine.ts";
import { runRecognitionSection } from "./ocr/section.ts";
import { mergeIntoPrevious } from "./report/merge-results.ts";
import { writeReport } from "./report/write-report.ts";
import { runQualitySection } from "./scifact/section.ts";
import { round } from "./stats.ts";
import { runThroughputSection } from "./throughput/section.ts";

const started = performance.now();
const log = (message: string) =>
  process.stderr.write(`[bench ${round((performance.now() - started) / 1000, 0)}s] ${message}\n`);

const cfg: BenchConfig = loadBenchConfig();
const results: Record<string, unknown> & { sections: Record<string, { seconds: number; error?: string }> } = {
  meta: machineInfo(cfg),
  sections: {},
};

async function section(name: string, work: () => Promise<unknown>): Promise<void> {
  if (cfg.only && !cfg.only.has(name)) return;
  log(`== ${name}`);
  const t = performance.now();
  try {
    results[name] = await work();
  } catch (error) {
    log(`${name} failed: ${(error as Error).stack}`);
    results.sections[name] = { seconds: 0, error: (error as Error).message };
  }
  results.sections[name] = { ...results.sections[name], seconds: round((performance.now() - t) / 1000) };
}

// The sections with rows on the emulated AWS stack; a run of only the others does not start it.
const ON_EMULATED_STACK = ["quality", "latency", "aws", "footprint"];

let stack: EmulatedStack | undefined;
try {
  if (!cfg.only || ON_EMULATED_STACK.some((name) => cfg.only?.has(name))) {
    stack = await emulatedStack(cfg.repoRoot, log);
  }
  const openSearchUrl = stack?.env.OPENSEARCH_URL;
  log(openSearchUrl ? `OpenSearch at ${openSearchUrl}` : "no OpenSearch: its rows are skipped");
  await section("quality", () => runQualitySection(cfg, openSearchUrl, log));
  await section("throughput", () => runThroughputSection(cfg, log));
  await section("latency", () => runLatencySection(cfg, openSearchUrl, log));
  await section("uploadToSearchable", () => measureUploadToSearchable(cfg));
  await section("aws", () => runAwsSection(cfg, stack?.env, log));
  await section("footprint", () => runFootprintSection(cfg, log, stack?.env));
  await section("recognition", () => runRecognitionSection(cfg, log));
} finally {
  stopEmulatedStack(cfg.repoRoot, stack);
  rmSync(cfg.workDir, { recursive: true, force: true });
}
(results.meta as Record<string, unknown>).totalSeconds = round((performance.now() - started) / 1000);
// BENCH_ONLY: the sections run replace theirs in the last full report; the rest stays as it was.
writeReport(cfg, cfg.only ? mergeIntoPrevious(cfg, results, log) : results);
log(`done in ${round((performance.now() - started) / 1000)} s: ${cfg.outDir}/benchmarks.md`);

import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { BenchConfig } from "../config.ts";

type Results = Record<string, unknown> & {
  meta?: Record<string, unknown>;
  sections: Record<string, { seconds: number; error?: string }>;
};

/**
 * A BENCH_ONLY run merged into the benchmarks.json already in the output folder: each section
 * that ran replaces its figures and timing there (a section that failed this time loses its old
 * figures: they would be shown beside an error), the others keep theirs, and meta.updates records
 * the partial run. Without a previous report of the same mode (full or quick), the partial run
 * is written alone, as before.
 */
export function mergeIntoPrevious(cfg: BenchConfig, run: Results, log: (m: string) => void): Results {
  const file = join(cfg.outDir, "benchmarks.json");
  if (!existsSync(file)) return run;
  const previous = JSON.parse(readFileSync(file, "utf8")) as Results;
  if (Boolean(previous.meta?.quick) !== cfg.quick) {
    log(`${file} is of the other mode (BENCH_QUICK): written anew, not merged`);
    return run;
  }
  const merged: Results = { ...previous, sections: { ...previous.sections } };
  for (const [name, timing] of Object.entries(run.sections)) {
    if (run[name] === undefined) delete merged[name];
    else merged[name] = run[name];
    merged.sections[name] = timing;
  }
  const meta = run.meta ?? {};
  const updates = Array.isArray(previous.meta?.updates) ? previous.meta.updates : [];
  merged.meta = {
    ...previous.meta,
    updates: [
      ...updates,
      { sections: Object.keys(run.sections), date: meta.date, commit: meta.commit, seconds: meta.totalSeconds },
    ],
  };
  log(`merged ${Object.keys(run.sections).join(", ")} into ${file}`);
  return merged;
}

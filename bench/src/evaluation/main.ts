import { existsSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { loadBenchConfig } from "../config.ts";
import { loadGeneratedSet, loadSharedDocuments, loadSroieReceipts } from "./labelled-set.ts";
import { llmSubset, onlyDocuments } from "./llm-subset.ts";
import { runBedrockPath } from "./run-bedrock-path.ts";
import { runEmbeddedDefault } from "./run-embedded-default.ts";
import { type RunScore, scoreRun } from "./score-run.ts";
import { DEFINITIONS, writeEvaluation } from "./write-evaluation.ts";

// make eval: accuracy of classification and extraction on labelled documents. Not part of make test.
// EVAL_LIMIT=n: the first n receipts only. The local LLM runs (when `make model-llm` has fetched the
// weights; EVAL_SKIP_LLM=1 leaves them out) read EVAL_LLM_LIMIT documents (default 4) of each
// labelled class, and the rules are reported again on exactly those documents beside them. EVAL_BEDROCK_MODEL_ID (with AWS credentials): the Bedrock
// run goes to real Bedrock instead of the stand-in. EVAL_SKIP_BEDROCK=1: the embedded default only.
const started = performance.now();
const log = (m: string) => process.stderr.write(`[eval ${Math.round((performance.now() - started) / 1000)}s] ${m}\n`);
const cfg = loadBenchConfig();
const limit = process.env.EVAL_LIMIT ? Number(process.env.EVAL_LIMIT) : undefined;
const documents = [
  ...loadSroieReceipts(cfg.receiptsDir, limit),
  ...loadGeneratedSet(),
  ...loadSharedDocuments(cfg.documentsDir),
];
log(`${documents.length} labelled documents`);
const load = () =>
  loadavg()
    .map((x) => x.toFixed(1))
    .join(" / ");
const rules = await runEmbeddedDefault(documents, { modelDir: cfg.modelDir, log });
const runs: RunScore[] = [scoreRun(rules)];
const notes: string[] = [];
const llmModelPath = join(cfg.repoRoot, ".tools/models/qwen2.5-coder-0.5b-instruct/model.gguf");
if (process.env.EVAL_SKIP_LLM !== "1" && existsSync(llmModelPath)) {
  const subset = llmSubset(documents, Number(process.env.EVAL_LLM_LIMIT ?? 4));
  const loadBefore = load();
  for (const extractor of ["local-llm", "rules+local-llm"] as const) {
    runs.push(scoreRun(await runEmbeddedDefault(subset, { modelDir: cfg.modelDir, log, extractor, llmModelPath })));
  }
  runs.push({ ...scoreRun(onlyDocuments(rules, subset)), extractor: "rules, on the documents the local LLM read" });
  notes.push(
    `The local LLM runs read ${subset.length} documents (the first ${process.env.EVAL_LLM_LIMIT ?? 4} of each labelled class), not all: on this two-core machine, shared with other work, the model alone takes half a minute to a minute a document. Load average (1 / 5 / 15 min) before them ${loadBefore}, after ${load()}. The rules are reported again on exactly those documents, to compare like with like.`,
  );
} else {
  notes.push("The local LLM runs were left out: `make model-llm` had not fetched the weights, or EVAL_SKIP_LLM=1.");
}
if (process.env.EVAL_SKIP_BEDROCK !== "1") {
  const modelId = process.env.EVAL_BEDROCK_MODEL_ID;
  runs.push(
    scoreRun(
      await runBedrockPath(documents, {
        log,
        ...(modelId ? { modelId } : {}),
        ...(process.env.AWS_REGION ? { region: process.env.AWS_REGION } : {}),
      }),
    ),
  );
}
writeEvaluation(join(cfg.repoRoot, "docs"), {
  generatedAt: new Date().toISOString(),
  machine: `${cpus().length} × ${cpus()[0]?.model ?? "CPU"}, Node ${process.version}`,
  definitions: DEFINITIONS,
  runs,
  notes: [
    `Sets: sroie-receipts — ${documents.filter((d) => d.set === "sroie-receipts").length} scanned receipts from ICDAR 2019 SROIE (../shared/datasets/receipts), key fields as annotated; generated — invoices, contracts and e-mails written by bench/src/evaluation/generate-labelled-set.ts (committed in bench/fixtures/labelled/ with labels.json); shared-documents — documents of ../shared/datasets/documents labelled with their class only.`,
    "Receipts are read by Tesseract (the embedded OCR): its misreadings cap every extractor's figures on them.",
    "The generated documents are written by the same people who wrote the rules: the rules' figures on them are an upper bound, not a measure of how they generalise.",
    ...notes,
    "The same command runs against real Bedrock with EVAL_BEDROCK_MODEL_ID=<a Converse model with tool use> and AWS credentials; not run here (no AWS account on this machine).",
  ],
});
log(`wrote docs/evaluation.md and docs/evaluation.json in ${Math.round((performance.now() - started) / 1000)} s`);

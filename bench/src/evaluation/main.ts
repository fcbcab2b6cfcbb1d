import { existsSync, readFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { loadBenchConfig } from "../config.ts";
import { loadGeneratedSet, loadSharedDocuments, loadSroieReceipts } from "./labelled-set.ts";
import { llmSubset, onlyDocuments } from "./llm-subset.ts";
import { runBedrockPath } from "./run-bedrock-path.ts";
import { type EmbeddedExtractor, runEmbeddedDefault } from "./run-embedded-default.ts";
import { type RunScore, scoreRun } from "./score-run.ts";
import { DEFINITIONS, type Evaluation, writeEvaluation } from "./write-evaluation.ts";

// make eval: accuracy of classification and extraction on labelled documents. Not part of make test.
// EVAL_LIMIT=n: the first n receipts only. The local LLM runs (when `make model-llm` has fetched the
// weights; EVAL_SKIP_LLM=1 leaves them out) read EVAL_LLM_LIMIT documents (default 4) of each
// labelled class (EVAL_LLM_LIMIT=all: every one), and the rules are reported again on exactly those
// documents beside them; EVAL_LLM_EXTRACTORS=rules+local-llm runs only the named ones.
// EVAL_EMBEDDINGS=hashing|minilm: the embedder of the embedded runs (default MiniLM when fetched), so
// a run compares with an earlier one on the same embedder. EVAL_BEDROCK_MODEL_ID (with AWS
// credentials): the Bedrock run goes to real Bedrock instead of the stand-in. EVAL_SKIP_BEDROCK=1:
// the embedded default only. EVAL_KEEP_RUNS=1: the runs of the previous docs/evaluation.json that
// this one does not repeat are kept, marked with when they ran, instead of dropped.
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
const embeddings = parseEmbeddings(process.env.EVAL_EMBEDDINGS);
const rules = await runEmbeddedDefault(documents, { modelDir: cfg.modelDir, log, ...embeddings });
const runs: RunScore[] = [scoreRun(rules)];
const notes: string[] = [];
const llmModelPath = join(cfg.repoRoot, ".tools/models/qwen2.5-coder-0.5b-instruct/model.gguf");
if (process.env.EVAL_SKIP_LLM !== "1" && existsSync(llmModelPath)) {
  const perClass = process.env.EVAL_LLM_LIMIT ?? "4";
  const subset = perClass === "all" ? documents : llmSubset(documents, Number(perClass));
  const loadBefore = load();
  for (const extractor of llmExtractors(process.env.EVAL_LLM_EXTRACTORS)) {
    runs.push(
      scoreRun(
        await runEmbeddedDefault(subset, { modelDir: cfg.modelDir, log, extractor, llmModelPath, ...embeddings }),
      ),
    );
  }
  if (perClass === "all") {
    notes.push(
      `The local LLM runs read all ${subset.length} documents. Load average (1 / 5 / 15 min) before them ${loadBefore}, after ${load()}.`,
    );
  } else {
    runs.push({ ...scoreRun(onlyDocuments(rules, subset)), extractor: "rules, on the documents the local LLM read" });
    notes.push(
      `The local LLM runs read ${subset.length} documents (the first ${perClass} of each labelled class), not all: on this two-core machine, shared with other work, the model alone takes half a minute to a minute a document. Load average (1 / 5 / 15 min) before them ${loadBefore}, after ${load()}. The rules are reported again on exactly those documents, to compare like with like.`,
    );
  }
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
const previousPath = join(cfg.repoRoot, "docs/evaluation.json");
if (process.env.EVAL_KEEP_RUNS === "1" && existsSync(previousPath)) {
  const previous = JSON.parse(readFileSync(previousPath, "utf8")) as Evaluation;
  const repeated = new Set(runs.map((run) => run.extractor));
  for (const run of previous.runs.filter((run) => !repeated.has(run.extractor.replace(/ \(kept from .*\)$/, "")))) {
    const kept = run.extractor.includes(" (kept from ")
      ? run.extractor
      : `${run.extractor} (kept from ${previous.generatedAt})`;
    runs.push({ ...run, extractor: kept });
  }
  notes.push(
    `Runs marked "kept from" were not repeated by this evaluation: their figures are those of the earlier one, whose notes said: ${previous.notes.filter((note) => note.startsWith("The local LLM runs read")).join(" ") || "nothing about them"}`,
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

function parseEmbeddings(name: string | undefined): { embeddings?: "hashing" | "minilm" } {
  if (name === undefined) return {};
  if (name === "hashing" || name === "minilm") return { embeddings: name };
  throw new Error(`EVAL_EMBEDDINGS is ${name}: hashing or minilm`);
}

function llmExtractors(names: string | undefined): EmbeddedExtractor[] {
  if (names === undefined) return ["local-llm", "rules+local-llm"];
  return names.split(",").map((name) => {
    const trimmed = name.trim();
    if (trimmed === "local-llm" || trimmed === "rules+local-llm") return trimmed;
    throw new Error(`EVAL_LLM_EXTRACTORS names ${trimmed}: local-llm or rules+local-llm`);
  });
}

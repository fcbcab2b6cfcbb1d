import { cpus } from "node:os";
import { join } from "node:path";
import { loadBenchConfig } from "../config.ts";
import { loadGeneratedSet, loadSharedDocuments, loadSroieReceipts } from "./labelled-set.ts";
import { runBedrockPath } from "./run-bedrock-path.ts";
import { runEmbeddedDefault } from "./run-embedded-default.ts";
import { scoreRun } from "./score-run.ts";
import { DEFINITIONS, writeEvaluation } from "./write-evaluation.ts";

// make eval: accuracy of classification and extraction on labelled documents. Not part of make test.
// EVAL_LIMIT=n: the first n receipts only. EVAL_BEDROCK_MODEL_ID (with AWS credentials): the Bedrock
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
const runs = [scoreRun(await runEmbeddedDefault(documents, { modelDir: cfg.modelDir, log }))];
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
    "A local LLM extractor (node-llama-cpp with schema-constrained decoding) is not built yet: the embedded default is the rules extractor, the only embedded one.",
    "The same command runs against real Bedrock with EVAL_BEDROCK_MODEL_ID=<a Converse model with tool use> and AWS credentials; not run here (no AWS account on this machine).",
  ],
});
log(`wrote docs/evaluation.md and docs/evaluation.json in ${Math.round((performance.now() - started) / 1000)} s`);

import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { FUZZY_MATCH_THRESHOLD } from "@docworker/core";
import { FUZZY_THRESHOLD } from "./field-metrics.ts";
import type { RunScore } from "./score-run.ts";

export interface Evaluation {
  generatedAt: string;
  machine: string;
  definitions: Record<string, string>;
  runs: RunScore[];
  notes: string[];
}

export const DEFINITIONS = {
  precision: "of the fields an extractor filled, the share whose value equals the gold value (after the normalisers)",
  recall: "of the gold values, the share the extractor found (a wrong value counts as a miss and as a false positive)",
  f1: "harmonic mean of precision and recall, micro-averaged over the documents of a class",
  exactF1: `F1 without the fuzzy step: only values equal after the normalisers count`,
  normalisers: `dates: the same day however written (12-01-19 = 2019-01-12, day first unless impossible); amounts: the same number to the cent, currency and thousands separators aside (RM 1,234.50 = 1234.5); strings: case and whitespace ignored, then punctuation ignored, then a fuzzy match at similarity ≥ ${FUZZY_THRESHOLD} (1 − Levenshtein distance / longer length)`,
  lists: "list fields (parties, to) are compared item by item, each gold item matched at most once",
  classification:
    "share of documents whose class is the labelled one; a document of the wrong class is extracted against the wrong schema, so its fields count as missed",
  confidence: `mean field confidence where the value was right vs. wrong or missing: evidence located in the text (exact, normalised, or fuzzy at ${FUZZY_MATCH_THRESHOLD}) raises it, none lowers it`,
};

const pct = (x: number) => `${(x * 100).toFixed(1)}`;

export function writeEvaluation(outDir: string, evaluation: Evaluation): void {
  writeFileSync(join(outDir, "evaluation.json"), `${JSON.stringify(evaluation, null, 2)}\n`);
  const lines: string[] = [
    "# Extraction and classification accuracy (`make eval`)",
    "",
    `Generated ${evaluation.generatedAt} on ${evaluation.machine}. Figures are percentages.`,
    "",
    "Each run sends every document through the pipeline and compares the record's `class` and",
    "`extraction.data` with the labels. The extractors are named for what they are: `rules` is the",
    "embedded rules extractor; `local-llm` a small instruction-tuned model run in the process, its",
    "output held to the class's schema by a grammar while it decodes; `rules+local-llm` the rules",
    "with that model filling only the fields they leave empty; `bedrock-stand-in` is the local",
    "Bedrock stand-in, which answers the Converse wire format with rules — it exercises the AWS",
    "adapters, it is not a model.",
    "",
  ];
  for (const run of evaluation.runs) {
    lines.push(`## Extractor: ${run.extractor}`, "", `Classifier: ${run.classifier}. Embedder: ${run.embedder}.`, "");
    lines.push(`Path: ${run.path}.`, "");
    lines.push(
      "| set | documents | failed | classification accuracy | field confidence right / wrong | s per document |",
    );
    lines.push("| --- | --: | --: | --: | --: | --: |");
    for (const set of run.sets) {
      lines.push(
        `| ${set.set} | ${set.documents} | ${set.failed} | ${pct(set.classificationAccuracy)} | ${set.classes.length ? `${set.confidence.right.toFixed(2)} / ${set.confidence.wrong.toFixed(2)}` : "–"} | ${set.secondsPerDocument.toFixed(2)} |`,
      );
    }
    lines.push("");
    lines.push("| set | class | field | precision | recall | F1 | exact-match F1 | support |");
    lines.push("| --- | --- | --- | --: | --: | --: | --: | --: |");
    for (const set of run.sets) {
      for (const cls of set.classes) {
        for (const f of cls.fields) {
          lines.push(
            `| ${set.set} | ${cls.class} | ${f.field} | ${pct(f.precision)} | ${pct(f.recall)} | ${pct(f.f1)} | ${pct(f.exactF1)} | ${f.support} |`,
          );
        }
        lines.push(
          `| ${set.set} | ${cls.class} | **all fields** | **${pct(cls.micro.precision)}** | **${pct(cls.micro.recall)}** | **${pct(cls.micro.f1)}** | ${pct(cls.micro.exactF1)} | ${cls.micro.support} |`,
        );
      }
    }
    lines.push("");
    for (const set of run.sets) {
      const misses = Object.entries(set.confusion).flatMap(([gold, row]) =>
        Object.entries(row)
          .filter(([predicted]) => predicted !== gold)
          .map(([predicted, n]) => `${gold} → ${predicted}: ${n}`),
      );
      if (misses.length) lines.push(`Misclassified in ${set.set}: ${misses.join("; ")}.`, "");
    }
  }
  lines.push("## Definitions", "");
  for (const [name, text] of Object.entries(evaluation.definitions)) lines.push(`- **${name}**: ${text}.`);
  lines.push("", "## Notes", "", ...evaluation.notes.map((n) => `- ${n}`), "");
  writeFileSync(join(outDir, "evaluation.md"), lines.join("\n"));
}

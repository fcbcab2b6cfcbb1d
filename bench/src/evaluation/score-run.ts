import { addCounts, type Counts, compareValues, countField, type Scores, scores } from "./field-metrics.ts";
import type { RunResult } from "./run-embedded-default.ts";

export interface FieldScore extends Scores {
  field: string;
}

export interface ClassScore {
  class: string;
  documents: number;
  micro: Scores;
  fields: FieldScore[];
}

export interface SetScore {
  set: string;
  documents: number;
  failed: number;
  classificationAccuracy: number;
  /** gold class → predicted class → count */
  confusion: Record<string, Record<string, number>>;
  classes: ClassScore[];
  /** Mean field confidence where the value was right, and where it was wrong or missing. */
  confidence: { right: number; wrong: number };
  secondsPerDocument: number;
}

export interface RunScore {
  extractor: string;
  classifier: string;
  embedder: string;
  path: string;
  sets: SetScore[];
}

const ZERO: Counts = { tp: 0, fp: 0, fn: 0, exact: 0 };
const round = (x: number) => Math.round(x * 1000) / 1000;
const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);

export function scoreRun(run: RunResult): RunScore {
  const bySet = new Map<string, RunResult["records"]>();
  for (const r of run.records) bySet.set(r.document.set, [...(bySet.get(r.document.set) ?? []), r]);
  const sets: SetScore[] = [];
  for (const [set, records] of bySet) {
    const confusion: SetScore["confusion"] = {};
    let correct = 0;
    const perClass = new Map<string, { documents: number; fields: Map<string, Counts> }>();
    const right: number[] = [];
    const wrong: number[] = [];
    for (const { document, record } of records) {
      const predicted = record.status === "PROCESSED" ? (record.class ?? "none") : `FAILED ${record.error?.code}`;
      confusion[document.class] ??= {};
      const row = confusion[document.class] as Record<string, number>;
      row[predicted] = (row[predicted] ?? 0) + 1;
      if (predicted === document.class) correct++;
      if (!document.fields) continue;
      const entry = perClass.get(document.class) ?? { documents: 0, fields: new Map() };
      entry.documents++;
      perClass.set(document.class, entry);
      const data = record.class === document.class ? (record.extraction?.data ?? {}) : {};
      const assessed = record.class === document.class ? (record.extraction?.fields ?? {}) : {};
      for (const [field, gold] of Object.entries(document.fields)) {
        const counts = countField(field, gold, data[field]);
        entry.fields.set(field, addCounts(entry.fields.get(field) ?? ZERO, counts));
        const confidence = assessed[field]?.confidence;
        if (confidence === undefined) continue;
        const isRight =
          counts.fp === 0 && counts.fn === 0 && (counts.tp > 0 || compareValues(field, gold, data[field]) !== "wrong");
        (isRight ? right : wrong).push(confidence);
      }
    }
    sets.push({
      set,
      documents: records.length,
      failed: records.filter((r) => r.record.status !== "PROCESSED").length,
      classificationAccuracy: round(correct / records.length),
      confusion,
      classes: [...perClass.entries()].map(([cls, entry]) => ({
        class: cls,
        documents: entry.documents,
        micro: scores([...entry.fields.values()].reduce(addCounts, ZERO)),
        fields: [...entry.fields.entries()].map(([field, counts]) => ({ field, ...scores(counts) })),
      })),
      confidence: { right: round(mean(right)), wrong: round(mean(wrong)) },
      secondsPerDocument: round(mean(records.map((r) => r.seconds))),
    });
  }
  return { extractor: run.extractor, classifier: run.classifier, embedder: run.embedder, path: run.path, sets };
}

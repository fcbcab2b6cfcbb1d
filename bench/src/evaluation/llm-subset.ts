import type { LabelledDocument } from "./labelled-set.ts";
import type { RunResult } from "./run-embedded-default.ts";

/** The first `perClass` documents of every class with field labels: receipts, invoices, contracts, e-mails. */
export function llmSubset(documents: readonly LabelledDocument[], perClass: number): LabelledDocument[] {
  const taken = new Map<string, number>();
  return documents.filter((document) => {
    if (!document.fields) return false;
    const count = taken.get(document.class) ?? 0;
    taken.set(document.class, count + 1);
    return count < perClass;
  });
}

/** A run narrowed to some of its documents, so two extractors are compared on the same ones. */
export function onlyDocuments(run: RunResult, documents: readonly LabelledDocument[]): RunResult {
  const wanted = new Set(documents.map((document) => `${document.set}/${document.id}`));
  return { ...run, records: run.records.filter(({ document }) => wanted.has(`${document.set}/${document.id}`)) };
}

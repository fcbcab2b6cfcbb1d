import { readFileSync } from "node:fs";
import { join } from "node:path";

export interface SciFactDoc {
  id: string;
  title: string;
  text: string;
}

export interface SciFact {
  corpus: SciFactDoc[];
  /** Only the queries that have judgements in qrels/test.tsv (BEIR's test split: 300). */
  queries: { id: string; text: string }[];
  /** query id -> doc id -> graded relevance */
  qrels: Map<string, Map<string, number>>;
}

/** BEIR layout: corpus.jsonl, queries.jsonl, qrels/test.tsv. */
export function loadSciFact(dir: string): SciFact {
  const jsonl = (file: string) =>
    readFileSync(join(dir, file), "utf8")
      .split("\n")
      .filter((line) => line.trim() !== "")
      .map((line) => JSON.parse(line) as Record<string, string>);
  const corpus = jsonl("corpus.jsonl").map((d) => ({ id: String(d._id), title: d.title ?? "", text: d.text ?? "" }));
  const qrels = new Map<string, Map<string, number>>();
  const lines = readFileSync(join(dir, "qrels/test.tsv"), "utf8").trim().split("\n").slice(1);
  for (const line of lines) {
    const [queryId, docId, score] = line.split("\t");
    if (!queryId || !docId) continue;
    const judged = qrels.get(queryId) ?? new Map<string, number>();
    judged.set(docId, Number(score));
    qrels.set(queryId, judged);
  }
  const queries = jsonl("queries.jsonl")
    .map((q) => ({ id: String(q._id), text: q.text ?? "" }))
    .filter((q) => qrels.has(q.id));
  return { corpus, queries, qrels };
}

/** One SciFact document as one text: the title, a blank line, the abstract. */
export function docText(doc: SciFactDoc): string {
  return doc.title ? `${doc.title}\n\n${doc.text}` : doc.text;
}

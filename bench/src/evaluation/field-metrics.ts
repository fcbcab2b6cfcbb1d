import { normaliseAmount, normaliseDate, normaliseLoose, normaliseText } from "@docworker/core";
import { distance } from "fastest-levenshtein";

/** Strings count as the same value from this similarity on (1 − Levenshtein distance / length, after normaliseLoose). */
export const FUZZY_THRESHOLD = 0.8;

const DATE_FIELDS = new Set(["date", "invoice_date", "due_date", "effective_date", "sent_at"]);
const AMOUNT_FIELDS = new Set(["total", "subtotal", "tax"]);

export type Verdict = "exact" | "fuzzy" | "wrong";

/** How a predicted value compares with the gold one, by the field's kind. */
export function compareValues(field: string, gold: unknown, predicted: unknown): Verdict {
  if (AMOUNT_FIELDS.has(field)) {
    const g = normaliseAmount(gold);
    return g !== undefined && g === normaliseAmount(predicted) ? "exact" : "wrong";
  }
  const g = String(gold);
  const p = String(predicted);
  if (DATE_FIELDS.has(field)) {
    const gd = normaliseDate(g);
    if (gd !== undefined && gd === normaliseDate(p)) return "exact";
  }
  if (normaliseText(g) === normaliseText(p)) return "exact";
  const a = normaliseLoose(g);
  const b = normaliseLoose(p);
  if (a === b) return "exact";
  const similarity = a.length === 0 && b.length === 0 ? 1 : 1 - distance(a, b) / Math.max(a.length, b.length);
  return similarity >= FUZZY_THRESHOLD ? "fuzzy" : "wrong";
}

export interface Counts {
  tp: number;
  fp: number;
  fn: number;
  /** Of the true positives, those equal without the fuzzy match. */
  exact: number;
}

const isEmpty = (v: unknown) =>
  v === undefined || v === null || (typeof v === "string" && v.trim() === "") || (Array.isArray(v) && v.length === 0);

/**
 * One field of one document. A value where the gold has none is a false positive; a gold value
 * missed, or answered wrongly, is a false negative (a wrong answer is both). Lists are compared
 * item by item, each gold item matched at most once.
 */
export function countField(field: string, gold: unknown, predicted: unknown): Counts {
  const golds = isEmpty(gold) ? [] : Array.isArray(gold) ? gold : [gold];
  const preds = isEmpty(predicted) ? [] : Array.isArray(predicted) ? predicted : [predicted];
  const counts: Counts = { tp: 0, fp: 0, fn: 0, exact: 0 };
  const unmatched = [...golds];
  for (const p of preds) {
    const verdicts = unmatched.map((g) => compareValues(field, g, p));
    const exact = verdicts.indexOf("exact");
    const best = exact >= 0 ? exact : verdicts.indexOf("fuzzy");
    if (best >= 0) {
      counts.tp++;
      if (exact >= 0) counts.exact++;
      unmatched.splice(best, 1);
    } else counts.fp++;
  }
  counts.fn += unmatched.length;
  return counts;
}

export function addCounts(a: Counts, b: Counts): Counts {
  return { tp: a.tp + b.tp, fp: a.fp + b.fp, fn: a.fn + b.fn, exact: a.exact + b.exact };
}

export interface Scores {
  precision: number;
  recall: number;
  f1: number;
  /** F1 counting only matches without the fuzzy step. */
  exactF1: number;
  support: number;
}

export function scores(c: Counts): Scores {
  const precision = c.tp + c.fp === 0 ? 0 : c.tp / (c.tp + c.fp);
  const recall = c.tp + c.fn === 0 ? 0 : c.tp / (c.tp + c.fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  const ep = c.tp + c.fp === 0 ? 0 : c.exact / (c.tp + c.fp);
  const er = c.tp + c.fn === 0 ? 0 : c.exact / (c.tp + c.fn);
  const exactF1 = ep + er === 0 ? 0 : (2 * ep * er) / (ep + er);
  const round = (x: number) => Math.round(x * 1000) / 1000;
  return {
    precision: round(precision),
    recall: round(recall),
    f1: round(f1),
    exactF1: round(exactF1),
    support: c.tp + c.fn,
  };
}

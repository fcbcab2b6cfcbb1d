import { distance } from "fastest-levenshtein";
import type { FieldAssessment, FieldEvidence } from "../domain/document.ts";
import type { TextBlock } from "../domain/parsed-document.ts";
import {
  AMOUNT_PATTERN,
  DATE_PATTERN,
  normaliseAmount,
  normaliseDate,
  normaliseLoose,
  normaliseText,
} from "./normalise.ts";

/** A value is found approximately when its similarity (1 - edit distance / length) reaches this. */
export const FUZZY_MATCH_THRESHOLD = 0.8;

const MATCH_FACTOR = { exact: 1, normalised: 0.95, fuzzy: 0.85, none: 0.35 } as const;
const MAX_ITEMS = 20;
const MAX_FUZZY_VALUE_CHARS = 300;
const MAX_FUZZY_LINES = 2000;
const MAX_FUZZY_COMPARISONS = 20_000;

interface Line {
  start: number;
  end: number;
  /** normaliseLoose of the line, and of each of its words with the word's place. */
  loose: string;
  words: { start: number; end: number; loose: string }[];
}

interface Page {
  page: number;
  text: string;
  /** Where each block sits in `text`, with its recognition confidence. */
  spans: { start: number; end: number; confidence?: number }[];
  lines: { start: number; end: number }[];
  /** Built on first use, once per page: lower case with whitespace runs as one space, mapped back. */
  normalised?: { text: string; map: number[] };
  loose?: Line[];
}

type Located = { match: "exact" | "normalised" | "fuzzy"; evidence: FieldEvidence; similarity: number; ocr?: number };

/** The pages' texts as evidence offsets refer to them: each page's blocks joined by blank lines. */
export function pageTexts(blocks: readonly TextBlock[]): Page[] {
  const byPage = new Map<number, TextBlock[]>();
  for (const block of blocks) {
    const page = block.page ?? 1;
    byPage.set(page, [...(byPage.get(page) ?? []), block]);
  }
  return [...byPage.entries()]
    .sort(([a], [b]) => a - b)
    .map(([page, pageBlocks]) => {
      let text = "";
      const spans: Page["spans"] = [];
      for (const block of pageBlocks) {
        if (text) text += "\n\n";
        const start = text.length;
        text += block.text;
        spans.push({
          start,
          end: text.length,
          ...(block.recognizedConfidence === undefined ? {} : { confidence: block.recognizedConfidence }),
        });
      }
      const lines: Page["lines"] = [];
      let offset = 0;
      for (const line of text.split("\n")) {
        if (line.trim()) lines.push({ start: offset, end: offset + line.length });
        offset += line.length + 1;
      }
      return { page, text, spans, lines };
    });
}

/**
 * Confidence and evidence for every top-level field of an extraction, by finding each value in
 * the document's text: exactly (case and spacing aside), as the same date or amount written
 * another way, or approximately. A value found nowhere keeps a low confidence whatever the
 * extractor claimed; text read by OCR scales it by the engine's confidence on that block.
 */
export function locateFields(
  data: Record<string, unknown>,
  properties: readonly string[],
  blocks: readonly TextBlock[],
  extractorConfidence: Record<string, number> = {},
  defaultConfidence = 0.9,
): Record<string, FieldAssessment> {
  const pages = pageTexts(blocks);
  const fields: Record<string, FieldAssessment> = {};
  for (const name of properties) {
    const base = extractorConfidence[name] ?? defaultConfidence;
    const items = itemsOf(data[name]);
    if (items.length === 0) {
      fields[name] = { confidence: 0, match: "empty", evidence: [] };
      continue;
    }
    const results = items.slice(0, MAX_ITEMS).map((leaves) => bestOf(leaves.map((leaf) => locateValue(leaf, pages))));
    const evidence = results.flatMap((r) => (r ? [r.evidence] : []));
    const scores = results.map((r) =>
      r ? MATCH_FACTOR[r.match] * (r.match === "fuzzy" ? r.similarity : 1) * ocrFactor(r.ocr) : MATCH_FACTOR.none,
    );
    const mean = scores.reduce((a, b) => a + b, 0) / scores.length;
    fields[name] = {
      confidence: round(Math.min(1, base * mean)),
      match: weakest(results),
      evidence,
    };
  }
  return fields;
}

/** A field's value as items, each a list of scalar leaves that may be found (the best one counts). */
function itemsOf(value: unknown): string[][] {
  if (value === null || value === undefined) return [];
  if (Array.isArray(value)) return value.flatMap((item) => itemsOf(item));
  if (typeof value === "object") {
    const leaves = Object.values(value as Record<string, unknown>).flatMap((v) =>
      typeof v === "string" || typeof v === "number" ? [String(v)] : [],
    );
    const nonEmpty = leaves.filter((l) => l.trim() !== "");
    return nonEmpty.length ? [nonEmpty] : [];
  }
  if (typeof value === "string") return value.trim() ? [[value]] : [];
  if (typeof value === "number" || typeof value === "boolean") return [[String(value)]];
  return [];
}

export function locateValue(value: string, pages: readonly Page[]): Located | undefined {
  const wanted = normaliseText(value);
  if (!wanted) return undefined;
  for (const page of pages) {
    const found = findNormalised(page, wanted);
    if (found) return located("exact", page, found.start, found.end, 1);
  }
  const date = normaliseDate(value);
  if (date) {
    for (const page of pages) {
      for (const m of page.text.matchAll(DATE_PATTERN)) {
        if (normaliseDate(m[0]) === date) return located("normalised", page, m.index, m.index + m[0].length, 1);
      }
    }
  }
  const amount = normaliseAmount(value);
  if (amount !== undefined) {
    for (const page of pages) {
      for (const m of page.text.matchAll(AMOUNT_PATTERN)) {
        if (normaliseAmount(m[0]) === amount) return located("normalised", page, m.index, m.index + m[0].length, 1);
      }
    }
    return undefined; // a number found nowhere is not found approximately either
  }
  if (value.length > MAX_FUZZY_VALUE_CHARS) return undefined;
  return fuzzy(value, pages);
}

function located(match: Located["match"], page: Page, start: number, end: number, similarity: number): Located {
  const block = page.spans.find((s) => start >= s.start && start < s.end);
  return {
    match,
    similarity,
    evidence: { page: page.page, start, end, text: page.text.slice(start, end) },
    ...(block?.confidence === undefined ? {} : { ocr: block.confidence }),
  };
}

/** Finds `wanted` (already normalised) in the page's text ignoring case and spacing; offsets into the original. */
function findNormalised(page: Page, wanted: string): { start: number; end: number } | undefined {
  page.normalised ??= normalisedWithMap(page.text);
  const { text, map } = page.normalised;
  const at = text.indexOf(wanted);
  if (at < 0) return undefined;
  return { start: map[at] as number, end: (map[at + wanted.length - 1] as number) + 1 };
}

function normalisedWithMap(original: string): { text: string; map: number[] } {
  const map: number[] = [];
  const parts: string[] = [];
  let lastSpace = true;
  for (let i = 0; i < original.length; i++) {
    const ch = original[i] as string;
    if (ch === " " || ch === "\n" || ch === "\t" || ch === "\r" || /\s/.test(ch)) {
      if (lastSpace) continue;
      parts.push(" ");
      lastSpace = true;
    } else {
      parts.push(ch.toLowerCase());
      lastSpace = false;
    }
    map.push(i);
  }
  return { text: parts.join(""), map };
}

function looseLines(page: Page): Line[] {
  page.loose ??= page.lines.map((line) => {
    const words = [...page.text.slice(line.start, line.end).matchAll(/\S+/g)]
      .map((m) => ({
        start: line.start + (m.index ?? 0),
        end: line.start + (m.index ?? 0) + m[0].length,
        loose: normaliseLoose(m[0]),
      }))
      .filter((w) => w.loose !== "");
    return { ...line, loose: words.map((w) => w.loose).join(" "), words };
  });
  return page.loose;
}

/**
 * The best window of consecutive lines, or of words within a line, at least FUZZY_MATCH_THRESHOLD
 * alike. Only the first MAX_FUZZY_LINES lines are read, and at most MAX_FUZZY_COMPARISONS edit
 * distances computed: values are found where they are printed (the first pages), and a long
 * document must not spend minutes looking for a value that is not in it.
 */
function fuzzy(value: string, pages: readonly Page[]): Located | undefined {
  const wanted = normaliseLoose(value);
  if (wanted.length < 4) return undefined;
  const wantedWords = wanted.split(" ").length;
  const slack = wanted.length * (1 - FUZZY_MATCH_THRESHOLD) + 2;
  let comparisons = 0;
  let best: { page: Page; start: number; end: number; similarity: number } | undefined;
  const consider = (page: Page, candidate: string, start: number, end: number) => {
    if (!candidate || Math.abs(candidate.length - wanted.length) > slack) return;
    comparisons++;
    const similarity = 1 - distance(candidate, wanted) / Math.max(candidate.length, wanted.length);
    if (similarity >= FUZZY_MATCH_THRESHOLD && (!best || similarity > best.similarity)) {
      best = { page, start, end, similarity };
    }
  };
  let lines = 0;
  for (const page of pages) {
    const loose = looseLines(page);
    for (let i = 0; i < loose.length && lines++ < MAX_FUZZY_LINES && comparisons < MAX_FUZZY_COMPARISONS; i++) {
      const first = loose[i] as Line;
      // Runs of whole lines (an address over several lines)…
      let joined = "";
      for (let j = i; j < Math.min(loose.length, i + 6); j++) {
        const line = loose[j] as Line;
        joined = joined ? `${joined} ${line.loose}` : line.loose;
        if (joined.length > wanted.length + slack) {
          consider(page, joined, first.start, line.end);
          break;
        }
        consider(page, joined, first.start, line.end);
      }
      // …and runs of words inside one line (a name before other text).
      const words = first.words;
      for (let w = 0; w < words.length; w++) {
        for (const n of [wantedWords - 1, wantedWords, wantedWords + 1]) {
          if (n < 1 || w + n > words.length) continue;
          const run = words.slice(w, w + n);
          consider(
            page,
            run.map((x) => x.loose).join(" "),
            (run[0] as Line["words"][number]).start,
            (run.at(-1) as Line["words"][number]).end,
          );
        }
      }
    }
  }
  if (!best) return undefined;
  const found = best as { page: Page; start: number; end: number; similarity: number };
  return located("fuzzy", found.page, found.start, found.end, found.similarity);
}

function bestOf(results: (Located | undefined)[]): Located | undefined {
  const rank = (r: Located) => MATCH_FACTOR[r.match] * r.similarity;
  return results.reduce<Located | undefined>((best, r) => (r && (!best || rank(r) > rank(best)) ? r : best), undefined);
}

function weakest(results: (Located | undefined)[]): FieldAssessment["match"] {
  if (results.every((r) => !r)) return "none";
  if (results.some((r) => !r || r.match === "fuzzy")) return "fuzzy";
  if (results.some((r) => r?.match === "normalised")) return "normalised";
  return "exact";
}

function ocrFactor(confidence: number | undefined): number {
  return confidence === undefined ? 1 : 0.5 + 0.5 * confidence;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

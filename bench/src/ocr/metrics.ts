import { distance } from "fastest-levenshtein";

/**
 * Character error rate: the edit distance (insertions, deletions, substitutions) between the
 * recognised text and the ground truth, divided by the ground truth's length. Both sides are the
 * page's lines in reading order joined into one text, every run of whitespace (line breaks
 * included) one space, upper-cased: SROIE's ground truth is upper case throughout and splits a
 * printed row into one line per field, neither of which is a recognition error.
 */
export function characterErrorRate(recognised: string[], truth: string[]): { errors: number; characters: number } {
  const reference = normalise(truth);
  return { errors: distance(normalise(recognised), reference), characters: reference.length };
}

/**
 * Word-level F1 over the multisets of whitespace-separated words, upper-cased: precision is the
 * share of recognised words found in the truth, recall the share of true words recognised.
 */
export function wordMatches(
  recognised: string[],
  truth: string[],
): { matched: number; recognised: number; truth: number } {
  const counts = new Map<string, number>();
  const truthWords = words(truth);
  for (const word of truthWords) counts.set(word, (counts.get(word) ?? 0) + 1);
  let matched = 0;
  const recognisedWords = words(recognised);
  for (const word of recognisedWords) {
    const left = counts.get(word) ?? 0;
    if (left > 0) {
      matched += 1;
      counts.set(word, left - 1);
    }
  }
  return { matched, recognised: recognisedWords.length, truth: truthWords.length };
}

export function f1(matched: number, recognised: number, truth: number): number {
  const precision = recognised === 0 ? 0 : matched / recognised;
  const recall = truth === 0 ? 0 : matched / truth;
  return precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
}

function normalise(lines: string[]): string {
  return lines.join(" ").replace(/\s+/g, " ").trim().toUpperCase();
}

function words(lines: string[]): string[] {
  return normalise(lines).split(" ").filter(Boolean);
}

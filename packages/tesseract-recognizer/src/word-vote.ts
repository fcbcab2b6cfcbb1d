import type { RecognizedLine, RecognizedWord, TextBox } from "@docworker/core";

// A word of the other reading stands for one of the first when their boxes share this much of
// their joint area: the same printed word, cut the same way.
const SAME_WORD = 0.6;
// It replaces the first reading's word only when read this much more confidently.
const MORE_CONFIDENT_BY = 0.1;

/**
 * The first reading's lines with each word replaced by the other reading's word over the same
 * pixels when that one was read more confidently: one-block and sparse-text mode cut a page into
 * lines differently, so Tesseract reads some words differently in each, and its confidence tells
 * which reading of a word to keep. The lines keep their boxes and confidence.
 */
export function withSurerWords(first: RecognizedLine[], other: RecognizedLine[]): RecognizedLine[] {
  const candidates = other.flatMap((line) => line.words ?? []);
  if (candidates.length === 0) return first;
  return first.map((line) => {
    if (!line.words) return line;
    let changed = false;
    const words = line.words.map((word) => {
      let best: RecognizedWord | undefined;
      for (const candidate of candidates) {
        if (overlap(word.box, candidate.box) < SAME_WORD) continue;
        if (candidate.confidence > (best?.confidence ?? word.confidence + MORE_CONFIDENT_BY)) best = candidate;
      }
      if (!best || best.text === word.text) return word;
      changed = true;
      return { ...word, text: best.text, confidence: best.confidence };
    });
    if (!changed) return line;
    const text = words.map((word) => word.text).join(" ");
    return { ...line, text, words };
  });
}

function overlap(a: TextBox, b: TextBox): number {
  const width = Math.min(a.left + a.width, b.left + b.width) - Math.max(a.left, b.left);
  const height = Math.min(a.top + a.height, b.top + b.height) - Math.max(a.top, b.top);
  if (width <= 0 || height <= 0) return 0;
  const shared = width * height;
  return shared / (a.width * a.height + b.width * b.height - shared);
}

import type { RecognizedLine, TextBox } from "@docworker/core";

// A line from the sparse-text reading is new when no line of the first reading shares at least
// this share of the lower one's height and any of its width: the same printed row read twice
// overlaps far more, a title set apart from the rows around it not at all.
const SAME_ROW_OVERLAP = 0.25;
// Sparse-text mode reads every speck as a word; what it adds must be read with this confidence
// and hold two letters or digits in a row. The lines it recovers on receipts (a shop's name in
// large type, a total set apart) read at 0.85 or more.
const MIN_CONFIDENCE = 0.5;

/**
 * The first reading's lines with the lines only the second found, each put before the first line
 * that starts below it: Tesseract's one-block mode (the first reading) keeps a receipt's rows
 * together but drops lines in much larger type than the rest, which sparse-text mode finds.
 */
export function withMissedLines(first: RecognizedLine[], second: RecognizedLine[]): RecognizedLine[] {
  const merged = [...first];
  for (const line of second) {
    if (line.confidence < MIN_CONFIDENCE || !/[\p{L}\p{N}]{2}/u.test(line.text)) continue;
    if (first.some((kept) => sameRow(kept.box, line.box))) continue;
    const below = merged.findIndex((kept) => kept.box.top > line.box.top);
    merged.splice(below < 0 ? merged.length : below, 0, line);
  }
  return merged;
}

function sameRow(a: TextBox, b: TextBox): boolean {
  const shared = Math.min(a.top + a.height, b.top + b.height) - Math.max(a.top, b.top);
  const across = Math.min(a.left + a.width, b.left + b.width) - Math.max(a.left, b.left);
  return shared > SAME_ROW_OVERLAP * Math.min(a.height, b.height) && across > 0;
}

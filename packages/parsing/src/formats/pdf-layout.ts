import type { TextBlock } from "@docworker/core";
import { normaliseInline } from "../text/normalise-whitespace.ts";

/** The part of a pdf.js TextItem that layout needs. */
export interface PdfTextItem {
  str: string;
  hasEOL: boolean;
  /** [scaleX, skewY, skewX, scaleY, x, y]; y grows upwards. */
  transform: number[];
  width: number;
  height: number;
}

export interface PdfLine {
  text: string;
  page: number;
  /** Baseline y of the line's first item. */
  y: number;
  /** Font size, taken from the text matrix. */
  size: number;
}

// Two items belong to one line while their baselines differ by less than this share of the font size
// (sub- and superscripts stay on their line).
const SAME_LINE = 0.5;
// A horizontal gap wider than this share of the font size between two items is a word space.
const WORD_GAP = 0.2;
// A gap between lines wider than this multiple of the page's line spacing starts a new paragraph.
const PARAGRAPH_GAP = 1.35;
// Lines of large text are spaced wider than the page's usual gap; up to this multiple of their own
// size they still belong to one paragraph.
const MIN_PARAGRAPH_GAP = 1.5;
// Lines this much larger than the body text, short enough, are headings.
const HEADING_SIZE = 1.2;
const HEADING_MAX_CHARS = 200;

/**
 * Rebuilds lines from text items: pdf.js marks line ends with hasEOL, and a jump of the baseline
 * ends a line too; word spaces are added where items are apart but carry no space of their own.
 */
export function itemsToLines(items: ReadonlyArray<PdfTextItem>, page: number): PdfLine[] {
  const lines: PdfLine[] = [];
  let text = "";
  // Baseline and size of the line's first item decide whether the next item continues the line...
  let firstY = 0;
  let firstSize = 0;
  // ...while the line's longest item gives its recorded position and size, so that a leading
  // footnote mark or drop cap does not make the line look like a heading or a new paragraph.
  let line = { y: 0, size: 0, length: 0 };
  let endX = 0;
  const endLine = () => {
    const normalised = normaliseInline(text);
    if (normalised) lines.push({ text: normalised, page, y: line.y, size: line.size });
    text = "";
  };
  for (const item of items) {
    const [scaleX = 0, skewY = 0, skewX = 0, scaleY = 0, x = 0, y = 0] = item.transform;
    const size = Math.hypot(skewX, scaleY) || Math.hypot(scaleX, skewY) || item.height;
    if (item.str) {
      if (text && Math.abs(y - firstY) > Math.max(firstSize, size) * SAME_LINE) endLine();
      if (!text) {
        firstY = y;
        firstSize = size;
        line = { y, size, length: 0 };
      } else if (x - endX > size * WORD_GAP && !/\s$/.test(text) && !/^\s/.test(item.str)) {
        text += " ";
      }
      text += item.str;
      endX = x + item.width;
      if (item.str.trim().length > line.length) line = { y, size, length: item.str.trim().length };
    }
    if (item.hasEOL) endLine();
  }
  endLine();
  return lines;
}

/**
 * Groups one page's lines into paragraphs on blank gaps, column jumps and font size changes, and
 * marks short runs of text larger than the document's body size as headings. No layout analysis
 * beyond that: reading order is pdf.js's.
 */
export function pageLinesToBlocks(lines: ReadonlyArray<PdfLine>, bodySize: number): TextBlock[] {
  const blocks: TextBlock[] = [];
  const spacing = lineSpacing(lines);
  let paragraph: PdfLine[] = [];

  const close = () => {
    if (paragraph.length === 0) return;
    const text = joinLines(paragraph.map((line) => line.text));
    const size = Math.min(...paragraph.map((line) => line.size));
    const page = paragraph[0]?.page;
    paragraph = [];
    if (!text) return;
    if (bodySize > 0 && size >= bodySize * HEADING_SIZE && text.length <= HEADING_MAX_CHARS) {
      blocks.push({ kind: "heading", text, level: headingLevel(size / bodySize), page });
    } else {
      blocks.push({ kind: "paragraph", text, page });
    }
  };

  for (const line of lines) {
    const previous = paragraph[paragraph.length - 1];
    if (previous) {
      const gap = previous.y - line.y;
      const larger = Math.max(previous.size, line.size);
      const newParagraph =
        gap <= 0 ||
        gap > Math.max(spacing * PARAGRAPH_GAP, larger * MIN_PARAGRAPH_GAP) ||
        Math.abs(previous.size - line.size) > larger * 0.15;
      if (newParagraph) close();
    }
    paragraph.push(line);
  }
  close();
  return blocks;
}

/** Lines of one paragraph joined with spaces; a word hyphenated across a line break is rejoined. */
function joinLines(lines: ReadonlyArray<string>): string {
  let text = "";
  for (const line of lines) {
    if (!text) text = line;
    else if (/\p{L}-$/u.test(text) && /^\p{Ll}/u.test(line)) text = text.slice(0, -1) + line;
    else text += ` ${line}`;
  }
  return normaliseInline(text);
}

function headingLevel(ratio: number): number {
  if (ratio >= 1.8) return 1;
  if (ratio >= 1.4) return 2;
  return 3;
}

/** The font size that carries the most characters: the body text. */
export function commonestSize(lines: ReadonlyArray<PdfLine>): number {
  const charsBySize = new Map<number, number>();
  for (const line of lines) {
    const size = Math.round(line.size * 2) / 2;
    charsBySize.set(size, (charsBySize.get(size) ?? 0) + line.text.length);
  }
  let best = 0;
  let bestChars = -1;
  for (const [size, chars] of charsBySize) {
    if (chars > bestChars) {
      best = size;
      bestChars = chars;
    }
  }
  return best;
}

/**
 * The distance between consecutive lines of one paragraph on this page: the smallest gap between
 * lines that do not overlap. A median would not do: on a page of one-line paragraphs (a letter, a
 * memo) most gaps are paragraph gaps. Jumps between columns and blocks are ignored.
 */
function lineSpacing(lines: ReadonlyArray<PdfLine>): number {
  let spacing = Number.POSITIVE_INFINITY;
  for (let index = 1; index < lines.length; index += 1) {
    const previous = lines[index - 1];
    const line = lines[index];
    if (!previous || !line) continue;
    const gap = previous.y - line.y;
    const size = Math.max(previous.size, line.size);
    if (gap >= size * 0.8 && gap < size * 3) spacing = Math.min(spacing, gap);
  }
  return Number.isFinite(spacing) ? spacing : 0;
}

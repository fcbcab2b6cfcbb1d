import type { RecognizedLine, RecognizedPage } from "../ports/text-recognizer.ts";
import type { TextBlock } from "./parsed-document.ts";

/** What the record says about the pages whose text was recognised from their image. */
export interface RecognitionSummary {
  engine: string;
  pages: RecognizedPageSummary[];
  /** Mean of the pages' confidences, weighted by characters read. */
  meanConfidence: number;
  /** Pages whose confidence is under the configured threshold: worth a human look. */
  lowConfidencePages: number[];
  /** Pages on which nothing legible was found (blank, or a picture without writing); absent when none. */
  pagesWithoutText?: number[];
}

export interface RecognizedPageSummary {
  page: number;
  confidence: number;
  characters: number;
  rotation?: number;
}

// A vertical gap larger than this multiple of the median line height starts a new paragraph.
const PARAGRAPH_GAP = 0.9;

/** A page's recognised lines as paragraph blocks that keep the page and the confidence. */
export function recognizedPageBlocks(page: RecognizedPage): TextBlock[] {
  const lines = page.lines.filter((line) => line.text.trim());
  if (lines.length === 0) return [];
  const heights = lines.map((line) => line.box.height).sort((a, b) => a - b);
  const lineHeight = heights[Math.floor(heights.length / 2)] ?? 0;
  const blocks: TextBlock[] = [];
  let paragraph: RecognizedLine[] = [];
  const close = () => {
    if (paragraph.length === 0) return;
    const text = paragraph.map((line) => line.text.trim()).join("\n");
    blocks.push({ kind: "paragraph", text, page: page.page, recognizedConfidence: weightedConfidence(paragraph) });
    paragraph = [];
  };
  for (const line of lines) {
    const previous = paragraph.at(-1);
    if (previous) {
      const gap = line.box.top - (previous.box.top + previous.box.height);
      if (gap > lineHeight * PARAGRAPH_GAP || gap < -lineHeight * 2) close();
    }
    paragraph.push(line);
  }
  close();
  return blocks;
}

export function weightedConfidence(lines: ReadonlyArray<{ text: string; confidence: number }>): number {
  let characters = 0;
  let sum = 0;
  for (const line of lines) {
    const length = line.text.trim().length;
    characters += length;
    sum += line.confidence * length;
  }
  return characters === 0 ? 0 : round(sum / characters);
}

export function summariseRecognition(
  engine: string,
  pages: ReadonlyArray<RecognizedPage>,
  lowConfidence: number,
): RecognitionSummary {
  const summaries: RecognizedPageSummary[] = pages.map((page) => ({
    page: page.page,
    confidence: round(page.confidence),
    characters: page.lines.reduce((sum, line) => sum + line.text.trim().length, 0),
    ...(page.rotation ? { rotation: page.rotation } : {}),
  }));
  const characters = summaries.reduce((sum, page) => sum + page.characters, 0);
  const meanConfidence =
    characters === 0
      ? 0
      : round(summaries.reduce((sum, page) => sum + page.confidence * page.characters, 0) / characters);
  const withoutText = summaries.filter((page) => page.characters === 0).map((page) => page.page);
  return {
    engine,
    pages: summaries,
    meanConfidence,
    // A page with nothing on it is not a page read poorly: it is listed as without text instead.
    lowConfidencePages: summaries
      .filter((page) => page.characters > 0 && page.confidence < lowConfidence)
      .map((page) => page.page),
    ...(withoutText.length > 0 ? { pagesWithoutText: withoutText } : {}),
  };
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

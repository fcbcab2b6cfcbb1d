import type { Chunk } from "../domain/chunk.ts";
import { DocworkerError } from "../domain/errors.ts";
import type { TextBlock } from "../domain/parsed-document.ts";
import { cutLongWords } from "./long-words.ts";
import { tokenCount } from "./token-counter.ts";

export interface ChunkingOptions {
  targetTokens: number;
  overlapTokens: number;
  /** More chunks than this end the document TOO_LARGE, as soon as the count is passed. */
  maxChunks?: number;
}

/** A piece of text no larger than the target, with the page it came from. */
interface Unit {
  text: string;
  tokens: number;
  page?: number;
  recognizedConfidence?: number;
  /** Units of one paragraph join with a space; paragraphs join with a blank line. */
  startsParagraph: boolean;
}

const sentenceSegmenter = new Intl.Segmenter(undefined, { granularity: "sentence" });

/**
 * Splits blocks into chunks of about `targetTokens`: a heading always starts a new chunk, then
 * paragraphs are packed whole; a paragraph that is too long is split on sentences, and a sentence
 * that is too long on words. Consecutive chunks within a section share up to `overlapTokens`.
 */
export function chunkBlocks(documentId: string, blocks: TextBlock[], options: ChunkingOptions): Chunk[] {
  const chunks: Chunk[] = [];
  const headingPath: string[] = [];
  let section: Unit[] = [];

  const maxChunks = options.maxChunks ?? Number.POSITIVE_INFINITY;
  const flush = () => {
    for (const units of packUnits(section, options)) {
      if (chunks.length >= maxChunks) {
        throw new DocworkerError(
          "TOO_LARGE",
          `the document makes more than ${maxChunks} chunks; the limit is ${maxChunks}`,
        );
      }
      chunks.push(toChunk(documentId, chunks.length, units, headingPath));
    }
    section = [];
  };

  for (const block of blocks) {
    // Counting tokens costs more than linear time in the length of one word: cut first.
    const text = cutLongWords(block.text.trim());
    if (!text) continue;
    if (block.kind === "heading") {
      flush();
      const level = Math.max(1, block.level ?? 1);
      headingPath.length = Math.min(headingPath.length, level - 1);
      headingPath.push(text.slice(0, 200));
      continue;
    }
    const units = splitToUnits(text, block.page, options.targetTokens);
    if (block.recognizedConfidence !== undefined) {
      for (const unit of units) unit.recognizedConfidence = block.recognizedConfidence;
    }
    section.push(...units);
  }
  flush();
  return chunks;
}

function splitToUnits(text: string, page: number | undefined, target: number): Unit[] {
  const tokens = tokenCount(text);
  if (tokens <= target) return [{ text, tokens, startsParagraph: true, ...(page ? { page } : {}) }];
  const units: Unit[] = [];
  for (const { segment } of sentenceSegmenter.segment(text)) {
    const sentence = segment.trim();
    if (!sentence) continue;
    const sentenceTokens = tokenCount(sentence);
    const pieces =
      sentenceTokens <= target ? [{ text: sentence, tokens: sentenceTokens }] : splitWords(sentence, target);
    for (const piece of pieces)
      units.push({ ...piece, startsParagraph: units.length === 0, ...(page ? { page } : {}) });
  }
  return units;
}

/** Last resort for run-on text (tables flattened to one line, minified JSON): windows of words. */
function splitWords(sentence: string, target: number): { text: string; tokens: number }[] {
  const words = sentence.split(/\s+/);
  const pieces: { text: string; tokens: number }[] = [];
  let current: string[] = [];
  let currentTokens = 0;
  for (const word of words) {
    // A single "word" longer than the target (a base64 blob) is cut by characters.
    const parts = tokenCount(word) > target ? cutByCharacters(word, target) : [word];
    for (const part of parts) {
      const partTokens = tokenCount(part) + 1;
      if (currentTokens + partTokens > target && current.length > 0) {
        pieces.push({ text: current.join(" "), tokens: currentTokens });
        current = [];
        currentTokens = 0;
      }
      current.push(part);
      currentTokens += partTokens;
    }
  }
  if (current.length > 0) pieces.push({ text: current.join(" "), tokens: currentTokens });
  return pieces;
}

function cutByCharacters(word: string, target: number): string[] {
  const size = Math.max(1, target * 2);
  const parts: string[] = [];
  for (let i = 0; i < word.length; i += size) parts.push(word.slice(i, i + size));
  return parts;
}

function packUnits(units: Unit[], { targetTokens, overlapTokens }: ChunkingOptions): Unit[][] {
  const packed: Unit[][] = [];
  let current: Unit[] = [];
  let currentTokens = 0;
  let fresh = 0; // units in `current` that no earlier chunk holds
  for (const unit of units) {
    if (currentTokens + unit.tokens > targetTokens && fresh > 0) {
      packed.push(current);
      current = overlapTail(current, overlapTokens, targetTokens - unit.tokens);
      currentTokens = current.reduce((sum, u) => sum + u.tokens, 0);
      fresh = 0;
    }
    current.push(unit);
    currentTokens += unit.tokens;
    fresh += 1;
  }
  if (fresh > 0) packed.push(current);
  return packed;
}

/** The trailing units of a chunk that fit in the overlap budget (and leave room for the next unit). */
function overlapTail(units: Unit[], overlapTokens: number, room: number): Unit[] {
  const budget = Math.min(overlapTokens, Math.max(0, room));
  const tail: Unit[] = [];
  let tokens = 0;
  for (let i = units.length - 1; i >= 0; i--) {
    const unit = units[i] as Unit;
    if (tokens + unit.tokens > budget) break;
    tail.unshift(unit);
    tokens += unit.tokens;
  }
  return tail;
}

function toChunk(documentId: string, ordinal: number, units: Unit[], headingPath: string[]): Chunk {
  let text = "";
  for (const [i, unit] of units.entries()) {
    text += i === 0 ? unit.text : (unit.startsParagraph ? "\n\n" : " ") + unit.text;
  }
  if (headingPath.length > 0) text = `${headingPath.at(-1)}\n\n${text}`;
  const pages = units.flatMap((u) => (u.page ? [u.page] : []));
  const confidences = units.flatMap((u) => (u.recognizedConfidence === undefined ? [] : [u.recognizedConfidence]));
  return {
    chunkId: `${documentId}#${String(ordinal).padStart(5, "0")}`,
    documentId,
    ordinal,
    text,
    headingPath: [...headingPath],
    tokenCount: tokenCount(text),
    ...(pages.length > 0 ? { pageStart: Math.min(...pages), pageEnd: Math.max(...pages) } : {}),
    ...(confidences.length > 0 ? { recognizedConfidence: Math.min(...confidences) } : {}),
  };
}

import type { ObjectRef } from "../domain/document.ts";
import { DocworkerError } from "../domain/errors.ts";
import type { ParsedDocument, TextBlock } from "../domain/parsed-document.ts";
import { type RecognitionSummary, recognizedPageBlocks, summariseRecognition } from "../domain/recognition.ts";
import type { TextRecognizer } from "../ports/text-recognizer.ts";

export interface RecognizedDocument {
  parsed: ParsedDocument;
  recognition?: RecognitionSummary;
}

/**
 * Reads the pages the parser could not (scans, photos) with the configured recognizer and puts
 * their text in page order among the blocks of the pages that had a text layer.
 */
export async function recognizePages(
  recognizer: TextRecognizer | undefined,
  parsed: ParsedDocument,
  source: ObjectRef | undefined,
  config: { lowConfidence: number },
): Promise<RecognizedDocument> {
  const pages = parsed.pagesToRecognize ?? [];
  const { pagesToRecognize: _rendered, ...rest } = parsed;
  if (pages.length === 0) return { parsed: rest };
  if (!recognizer) {
    if (rest.blocks.length > 0) return { parsed: rest };
    throw new DocworkerError(
      "NO_TEXT_LAYER",
      `${pages.length} page(s) have no text layer and no recognizer is configured`,
    );
  }
  const recognized = await recognizer.recognize({
    pages,
    document: {
      mediaType: parsed.mediaType,
      pageCount: parsed.pageCount ?? pages.length,
      ...(source ? { source } : {}),
    },
  });
  const byPage = new Map<number, TextBlock[]>();
  for (const page of recognized) byPage.set(page.page, recognizedPageBlocks(page));
  const blocks = mergeByPage(rest.blocks, byPage);
  const recognition = summariseRecognition(recognizer.engine, recognized, config.lowConfidence);
  return { parsed: { ...rest, blocks }, recognition };
}

/**
 * A scan or a photo in which nothing legible was found (a blank page, a picture without writing)
 * is a document with no text, not a broken one: it is processed with no chunks, and its record's
 * `recognition.pagesWithoutText` says so. A file with no text of its own stays EMPTY.
 */
export function nothingLegible(document: RecognizedDocument): boolean {
  return document.recognition !== undefined && document.parsed.blocks.length === 0;
}

/** Recognised blocks go before the first block of a later page, so reading order follows the pages. */
function mergeByPage(blocks: ReadonlyArray<TextBlock>, recognized: Map<number, TextBlock[]>): TextBlock[] {
  const pending = [...recognized.entries()].sort(([a], [b]) => a - b);
  const merged: TextBlock[] = [];
  for (const block of blocks) {
    while (pending.length > 0 && block.page !== undefined && (pending[0]?.[0] ?? 0) < block.page) {
      merged.push(...(pending.shift()?.[1] ?? []));
    }
    merged.push(block);
  }
  for (const [, rest] of pending) merged.push(...rest);
  return merged;
}

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
  if (blocks.length === 0) {
    throw new DocworkerError("EMPTY", `no text was recognised on the document's ${pages.length} page(s)`);
  }
  return { parsed: { ...rest, blocks }, recognition };
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

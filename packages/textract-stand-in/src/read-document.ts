import type { ParseLimits, RecognizedPage, TextRecognizer } from "@docworker/core";
import { createDocumentParser } from "@docworker/parsing";
import { TextractWireError } from "./wire-error.ts";

const parser = createDocumentParser();
const LIMITS: ParseLimits = {
  maxBytes: 500 * 1024 * 1024,
  maxPages: 3000,
  maxUncompressedBytes: 512 * 1024 * 1024,
  maxCompressionRatio: 200,
  maxArchiveMembers: 1000,
  maxCharacters: 50_000_000,
  maxSheetCells: 1_000_000,
  maxHtmlDepth: 512,
  maxJsonDepth: 256,
  maxAttachmentBytes: 50 * 1024 * 1024,
};
// Textract reads PNG, JPEG, TIFF and PDF; anything else is an unsupported document.
const READABLE = new Set(["image/png", "image/jpeg", "image/tiff", "application/pdf"]);

/**
 * Reads a document the way Textract would, with docworker's own parts: pages with a text layer
 * give their text, the others are rendered and read by the local recognizer. Lines of text-layer
 * pages get stacked boxes and a confidence of 99.
 */
export async function readDocument(bytes: Uint8Array, recognizer: TextRecognizer): Promise<RecognizedPage[]> {
  let parsed: Awaited<ReturnType<typeof parser.parse>>;
  try {
    parsed = await parser.parse({
      bytes,
      filename: "document",
      limits: LIMITS,
      recognition: { maxPages: 3000, dpi: 200 },
    });
  } catch (error) {
    throw new TextractWireError(
      "UnsupportedDocumentException",
      `Request has unsupported document format: ${(error as Error).message}`,
    );
  }
  if (!READABLE.has(parsed.mediaType)) {
    throw new TextractWireError("UnsupportedDocumentException", "Request has unsupported document format");
  }
  const recognized = parsed.pagesToRecognize?.length
    ? await recognizer.recognize({
        pages: parsed.pagesToRecognize,
        document: { mediaType: parsed.mediaType, pageCount: parsed.pageCount ?? 1 },
      })
    : [];
  const pages = new Map<number, RecognizedPage>(recognized.map((page) => [page.page, page]));
  const typed = new Map<number, string[]>();
  for (const block of parsed.blocks) {
    const page = block.page ?? 1;
    typed.set(page, [...(typed.get(page) ?? []), ...block.text.split("\n")]);
  }
  for (const [page, lines] of typed) {
    if (pages.has(page)) continue;
    const height = 1 / Math.max(40, lines.length + 2);
    pages.set(page, {
      page,
      confidence: 0.99,
      lines: lines.map((text, index) => ({
        text,
        confidence: 0.99,
        box: { left: 0.08, top: height * (index + 1), width: 0.84, height },
      })),
    });
  }
  const count = parsed.pageCount ?? 1;
  return Array.from(
    { length: count },
    (_, index) => pages.get(index + 1) ?? { page: index + 1, lines: [], confidence: 0 },
  );
}

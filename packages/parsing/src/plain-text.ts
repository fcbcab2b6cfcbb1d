import type { DocumentParser } from "@docworker/core";
import { type DetectedFormat, type DocumentFormat, detectFormat } from "./detect-format.ts";
import type { FormatParser } from "./format-parser.ts";
import { parseCode } from "./formats/code.ts";
import { parseJson, parseNdjson } from "./formats/json.ts";
import { parseText } from "./formats/text.ts";
import { readDocument } from "./read-document.ts";

// Read by decoding and docworker's own line splitting (JSON: V8's JSON.parse after a linear
// nesting scan): no third-party format parser runs, and the work is linear in the bytes. Markdown
// (marked), CSV (papaparse), HTML, XML and e-mail are text too, but a library parses them.
const PLAIN_TEXT_PARSERS: Partial<Record<DocumentFormat, FormatParser>> = {
  text: parseText,
  code: parseCode,
  json: parseJson,
  ndjson: parseNdjson,
};

/** A plain-text document's detected format and the parser that reads it without detecting again. */
export interface PlainTextReading {
  detected: DetectedFormat;
  parser: DocumentParser;
}

/**
 * When detection settles on a format read without a third-party format parser, that detection and
 * a DocumentParser for these bytes; otherwise undefined. Light enough to load where the pipeline
 * runs: it imports none of the other formats' libraries.
 */
export async function plainTextParserFor(
  bytes: Uint8Array,
  filename: string,
  declaredContentType?: string,
): Promise<PlainTextReading | undefined> {
  const detected = await detectFormat(bytes, filename, declaredContentType);
  const formatParser = PLAIN_TEXT_PARSERS[detected.format];
  if (!formatParser) return undefined;
  return { detected, parser: { parse: (input) => readDocument(input, () => formatParser, detected) } };
}

import type { DocumentParser } from "@docworker/core";
import { type DocumentFormat, detectFormat } from "./detect-format.ts";
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

/** True when detection settles on a format that is read without a third-party format parser. */
export async function isPlainText(bytes: Uint8Array, filename: string, declaredContentType?: string): Promise<boolean> {
  const { format } = await detectFormat(bytes, filename, declaredContentType);
  return PLAIN_TEXT_PARSERS[format] !== undefined;
}

/**
 * The DocumentParser for plain text only, light enough to load where the pipeline runs (it imports
 * none of the other formats' libraries). Anything else is refused: ask `isPlainText` first.
 */
export function createPlainTextParser(): DocumentParser {
  return {
    parse: (input) =>
      readDocument(
        input,
        (format) =>
          PLAIN_TEXT_PARSERS[format] ?? { code: "UNSUPPORTED_TYPE", message: "the content is not plain text" },
      ),
  };
}

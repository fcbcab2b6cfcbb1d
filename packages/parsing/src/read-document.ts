import type { ParsedDocument, ParseInput } from "@docworker/core";
import { TextBudget } from "./budget/text-budget.ts";
import { type DetectedFormat, type DocumentFormat, detectFormat } from "./detect-format.ts";
import type { FormatParser } from "./format-parser.ts";
import { type ParseErrorCode, parseError } from "./parse-error.ts";
import { isBlank } from "./text/normalise-whitespace.ts";

/** Why a detected format is not read. */
export interface Refusal {
  code: ParseErrorCode;
  message: string;
}

/** The format module that reads a detected format, or why it is refused. */
export type ParserFor = (format: DocumentFormat, mediaType: string) => FormatParser | Refusal;

/**
 * Enforces the limits, sniffs the format (unless the caller already did, on these same bytes), and
 * hands the bytes to the one format module `parserFor` names.
 */
export async function readDocument(
  input: ParseInput,
  parserFor: ParserFor,
  detected?: DetectedFormat,
): Promise<ParsedDocument> {
  const { bytes, filename, declaredContentType, limits, recognition } = input;
  // Refuse by size before even sniffing: no library sees an oversized input.
  if (bytes.byteLength > limits.maxBytes) {
    throw parseError("TOO_LARGE", `document is ${bytes.byteLength} bytes; the limit is ${limits.maxBytes}`);
  }
  if (bytes.byteLength === 0) throw parseError("EMPTY", "document has no content");

  const { format, mediaType } = detected ?? (await detectFormat(bytes, filename, declaredContentType));
  const parser = parserFor(format, mediaType);
  if (typeof parser !== "function") throw parseError(parser.code, `${parser.message} (${mediaType})`);

  const budget = new TextBudget(limits.maxCharacters);
  const output = await parser({
    bytes,
    filename,
    declaredContentType,
    limits,
    budget,
    ...(recognition ? { recognition } : {}),
  });
  const blocks = output.blocks.filter((block) => !isBlank(block.text));
  // Every format spends as it reads; this catches one that does not, before the chunker sees it.
  new TextBudget(limits.maxCharacters).spend(blocks.reduce((sum, block) => sum + block.text.length, 0));
  const pagesToRecognize = output.pagesToRecognize ?? [];
  if (blocks.length === 0 && pagesToRecognize.length === 0) {
    throw parseError("EMPTY", `the ${format} document contains no text`);
  }

  const document: ParsedDocument = { format, mediaType, blocks };
  if (pagesToRecognize.length > 0) document.pagesToRecognize = pagesToRecognize;
  if (output.pageCount !== undefined) document.pageCount = output.pageCount;
  if (output.members) document.members = output.members;
  if (output.properties && Object.keys(output.properties).length > 0) document.properties = output.properties;
  return document;
}

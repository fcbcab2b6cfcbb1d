import type { ParsedDocument, ParseInput } from "../domain/parsed-document.ts";

/**
 * Turns bytes into text blocks. Throws DocworkerError with UNSUPPORTED_TYPE, ENCRYPTED, CORRUPT,
 * EMPTY, TOO_LARGE or NO_TEXT_LAYER for input that can never be parsed.
 */
export interface DocumentParser {
  parse(input: ParseInput): Promise<ParsedDocument>;
}

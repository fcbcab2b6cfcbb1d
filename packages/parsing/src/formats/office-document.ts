import type { ParseLimits } from "@docworker/core";
import { OfficeParser, type OfficeParserAST, type SupportedFileType } from "officeparser";
import type { FormatOutput, FormatParser } from "../format-parser.ts";
import { officeAstToBlocks } from "../office/office-ast-blocks.ts";
import { parseError } from "../parse-error.ts";
import { normaliseInline } from "../text/normalise-whitespace.ts";
import { extractZipEntries, restoreAsStoredZip } from "../zip/zip-archive.ts";

// officeparser's codes for input that is broken rather than unsupported or locked.
const ENCRYPTED_CODES = new Set(["PASSWORD_REQUIRED", "PASSWORD_INCORRECT", "DOCUMENT_DECRYPTION_FAILED"]);

/**
 * OpenDocument (text, spreadsheet, presentation), RTF and EPUB through officeparser, which gives
 * one AST for all of them. Zipped formats are expanded by us first, within the zip limits, and
 * handed over stored, so the library has nothing left to inflate.
 */
export function officeDocumentParser(fileType: SupportedFileType, zipped: boolean): FormatParser {
  return async ({ bytes, limits, budget }) => {
    const input = zipped ? restoreAsStoredZip(extractZipEntries(bytes, limits)) : bytes;
    const ast = await readAst(Buffer.from(input.buffer, input.byteOffset, input.byteLength), fileType, limits);
    const { blocks, pages } = officeAstToBlocks(ast.content);
    budget.spendBlocks(blocks);
    if (pages > limits.maxPages) {
      throw parseError("TOO_LARGE", `the ${fileType} document has ${pages} pages; the limit is ${limits.maxPages}`);
    }
    const output: FormatOutput = { blocks, properties: properties(ast) };
    if (pages > 0) output.pageCount = pages;
    return output;
  };
}

async function readAst(buffer: Buffer, fileType: SupportedFileType, limits: ParseLimits): Promise<OfficeParserAST> {
  try {
    return await OfficeParser.parseOffice(buffer, {
      fileType,
      ocr: false,
      extractAttachments: false,
      ignoreNotes: false,
      decompressionLimits: { maxUncompressedBytes: limits.maxUncompressedBytes },
    } as Parameters<typeof OfficeParser.parseOffice>[1]);
  } catch (error) {
    const code = (error as { officeIssue?: { code?: string } }).officeIssue?.code ?? "";
    const reason = (error as Error).message.replace(/^\[OfficeParser\]:\s*/, "");
    if (ENCRYPTED_CODES.has(code)) throw parseError("ENCRYPTED", `the ${fileType} document is password-protected`);
    throw parseError("CORRUPT", `the ${fileType} document could not be read: ${reason}`, error);
  }
}

function properties(ast: OfficeParserAST): Record<string, string> {
  const found: Record<string, string> = {};
  const metadata = ast.metadata as unknown as Record<string, unknown>;
  for (const key of ["title", "author", "subject", "keywords"]) {
    const value = metadata[key];
    const text = typeof value === "string" ? normaliseInline(value) : "";
    // EPUB writers fill in placeholders; a placeholder says nothing about the document.
    if (text && !/^Unknown (Title|Author)$/.test(text)) found[key] = text;
  }
  return found;
}

import type { DocumentParser, ParsedDocument, ParseInput } from "@docworker/core";
import { TextBudget } from "./budget/text-budget.ts";
import { type DocumentFormat, detectFormat } from "./detect-format.ts";
import type { FormatParser } from "./format-parser.ts";
import { parseCode } from "./formats/code.ts";
import { parseCsv, parseTsv } from "./formats/csv.ts";
import { parseDoc } from "./formats/doc.ts";
import { parseDocx } from "./formats/docx.ts";
import { parseEml } from "./formats/eml.ts";
import { parseHtml } from "./formats/html.ts";
import { imageParser } from "./formats/image.ts";
import { parseJson, parseNdjson } from "./formats/json.ts";
import { parseMarkdown } from "./formats/markdown.ts";
import { parseMsg } from "./formats/msg.ts";
import { officeDocumentParser } from "./formats/office-document.ts";
import { parsePdf } from "./formats/pdf.ts";
import { parsePptx } from "./formats/pptx.ts";
import { parseText } from "./formats/text.ts";
import { parseXls } from "./formats/xls.ts";
import { parseXlsx } from "./formats/xlsx.ts";
import { parseXml } from "./formats/xml.ts";
import { parseZip } from "./formats/zip.ts";
import { type ParseErrorCode, parseError } from "./parse-error.ts";
import { isBlank } from "./text/normalise-whitespace.ts";

const PARSERS: Partial<Record<DocumentFormat, FormatParser>> = {
  pdf: parsePdf,
  docx: parseDocx,
  pptx: parsePptx,
  xlsx: parseXlsx,
  csv: parseCsv,
  tsv: parseTsv,
  html: parseHtml,
  markdown: parseMarkdown,
  text: parseText,
  json: parseJson,
  ndjson: parseNdjson,
  eml: parseEml,
  code: parseCode,
  doc: parseDoc,
  xls: parseXls,
  msg: parseMsg,
  odt: officeDocumentParser("odt", true),
  ods: officeDocumentParser("ods", true),
  odp: officeDocumentParser("odp", true),
  epub: officeDocumentParser("epub", true),
  rtf: officeDocumentParser("rtf", false),
  xml: parseXml,
  zip: parseZip,
};

interface Refusal {
  code: ParseErrorCode;
  message: string;
}

const UNSUPPORTED: Refusal = { code: "UNSUPPORTED_TYPE", message: "the content is not a supported document type" };
const REFUSALS: Partial<Record<DocumentFormat, Refusal>> = {
  "encrypted-office": { code: "ENCRYPTED", message: "the Office document is password-protected" },
  // No maintained JavaScript library reads the binary PowerPoint format (SheetJS and officeparser
  // read only PPTX); LibreOffice converts it.
  ppt: { code: "UNSUPPORTED_TYPE", message: "legacy PowerPoint (.ppt) is not read; save it as .pptx" },
};

/** The DocumentParser port: sniffs the format, enforces the limits, and hands the bytes to one format module. */
export function createDocumentParser(): DocumentParser {
  return { parse: parseDocument };
}

async function parseDocument(input: ParseInput): Promise<ParsedDocument> {
  const { bytes, filename, declaredContentType, limits, recognition } = input;
  // Refuse by size before even sniffing: no library sees an oversized input.
  if (bytes.byteLength > limits.maxBytes) {
    throw parseError("TOO_LARGE", `document is ${bytes.byteLength} bytes; the limit is ${limits.maxBytes}`);
  }
  if (bytes.byteLength === 0) throw parseError("EMPTY", "document has no content");

  const { format, mediaType } = await detectFormat(bytes, filename, declaredContentType);
  const parser = format === "image" ? imageParser(mediaType) : PARSERS[format];
  if (!parser) {
    const refusal = REFUSALS[format] ?? UNSUPPORTED;
    throw parseError(refusal.code, `${refusal.message} (${mediaType})`);
  }

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

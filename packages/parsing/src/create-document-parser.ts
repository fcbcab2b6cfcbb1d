import type { DocumentParser } from "@docworker/core";
import type { DocumentFormat } from "./detect-format.ts";
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
import { type Refusal, readDocument } from "./read-document.ts";

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

const UNSUPPORTED: Refusal = { code: "UNSUPPORTED_TYPE", message: "the content is not a supported document type" };
const REFUSALS: Partial<Record<DocumentFormat, Refusal>> = {
  "encrypted-office": { code: "ENCRYPTED", message: "the Office document is password-protected" },
  // No maintained JavaScript library reads the binary PowerPoint format (SheetJS and officeparser
  // read only PPTX); LibreOffice converts it.
  ppt: { code: "UNSUPPORTED_TYPE", message: "legacy PowerPoint (.ppt) is not read; save it as .pptx" },
};

/** The DocumentParser port: sniffs the format, enforces the limits, and hands the bytes to one format module. */
export function createDocumentParser(): DocumentParser {
  return {
    parse: (input) =>
      readDocument(input, (format, mediaType) => {
        const parser = format === "image" ? imageParser(mediaType) : PARSERS[format];
        return parser ?? REFUSALS[format] ?? UNSUPPORTED;
      }),
  };
}

import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { TextBlock } from "@docworker/core";
import { getDocument, type PDFDocumentProxy, VerbosityLevel } from "pdfjs-dist/legacy/build/pdf.mjs";
import type { FormatParser } from "../format-parser.ts";
import { corruptOnFailure, parseError } from "../parse-error.ts";
import { normaliseInline } from "../text/normalise-whitespace.ts";
import { commonestSize, itemsToLines, type PdfLine, type PdfTextItem, pageLinesToBlocks } from "./pdf-layout.ts";

// pdf.js reads character maps (CJK fonts without ToUnicode) and the 14 standard fonts from files
// shipped in its package; without them such text comes out empty or garbled. The factories take
// plain paths with a trailing slash under Node.
const PDFJS_ROOT = dirname(createRequire(import.meta.url).resolve("pdfjs-dist/package.json"));
const CMAP_PATH = `${join(PDFJS_ROOT, "cmaps")}/`;
const STANDARD_FONTS_PATH = `${join(PDFJS_ROOT, "standard_fonts")}/`;

const INFO_PROPERTIES: Record<string, string> = {
  Title: "title",
  Author: "author",
  Subject: "subject",
  Keywords: "keywords",
};

/** PDF through pdf.js: text per page with page numbers; password → ENCRYPTED, no text at all → NO_TEXT_LAYER. */
export const parsePdf: FormatParser = async ({ bytes, limits }) => {
  const task = getDocument({
    // A copy as a plain Uint8Array: pdf.js refuses Node Buffers (what S3 and fs hand us), and it
    // may transfer (detach) the buffer it is given, which must not be the caller's.
    data: new Uint8Array(bytes),
    cMapUrl: CMAP_PATH,
    cMapPacked: true,
    standardFontDataUrl: STANDARD_FONTS_PATH,
    disableFontFace: true,
    useSystemFonts: false,
    verbosity: VerbosityLevel.ERRORS,
  });
  try {
    const document = await openDocument(task.promise);
    if (document.numPages > limits.maxPages) {
      throw parseError("TOO_LARGE", `PDF has ${document.numPages} pages; the limit is ${limits.maxPages}`);
    }
    const linesByPage = await corruptOnFailure("PDF page could not be read", () => readLines(document));
    const lineCount = linesByPage.reduce((count, lines) => count + lines.length, 0);
    if (lineCount === 0) {
      throw parseError("NO_TEXT_LAYER", `none of the PDF's ${document.numPages} pages has a text layer`);
    }
    const bodySize = commonestSize(linesByPage.flat());
    const blocks: TextBlock[] = linesByPage.flatMap((lines) => pageLinesToBlocks(lines, bodySize));
    return { blocks, pageCount: document.numPages, properties: await readProperties(document) };
  } finally {
    await task.destroy();
  }
};

async function openDocument(loading: Promise<PDFDocumentProxy>): Promise<PDFDocumentProxy> {
  try {
    return await loading;
  } catch (error) {
    if ((error as Error).name === "PasswordException") {
      throw parseError("ENCRYPTED", "PDF is password-protected", error);
    }
    throw parseError("CORRUPT", `PDF could not be opened: ${(error as Error).message}`, error);
  }
}

/** Pages one after the other, each released after reading, so memory stays flat on long documents. */
async function readLines(document: PDFDocumentProxy): Promise<PdfLine[][]> {
  const linesByPage: PdfLine[][] = [];
  for (let number = 1; number <= document.numPages; number += 1) {
    const page = await document.getPage(number);
    const content = await page.getTextContent();
    const items: PdfTextItem[] = [];
    // The other entries are marked-content markers, which carry no text.
    for (const item of content.items) if ("str" in item) items.push(item);
    linesByPage.push(itemsToLines(items, number));
    page.cleanup();
  }
  return linesByPage;
}

async function readProperties(document: PDFDocumentProxy): Promise<Record<string, string>> {
  const properties: Record<string, string> = {};
  const { info } = await document.getMetadata().catch(() => ({ info: {} }));
  for (const [key, property] of Object.entries(INFO_PROPERTIES)) {
    const value = (info as Record<string, unknown>)[key];
    const text = typeof value === "string" ? normaliseInline(value) : "";
    if (text) properties[property] = text;
  }
  return properties;
}

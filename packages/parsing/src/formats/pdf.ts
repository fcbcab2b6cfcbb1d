import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { PageImage, RecognitionOptions, TextBlock } from "@docworker/core";
import type { Canvas, SKRSContext2D } from "@napi-rs/canvas";
import { getDocument, type PDFDocumentProxy, type PDFPageProxy, VerbosityLevel } from "pdfjs-dist/legacy/build/pdf.mjs";
import type { TextBudget } from "../budget/text-budget.ts";
import type { FormatParser } from "../format-parser.ts";
import { canvasPage } from "../images/page-images.ts";
import { corruptOnFailure, parseError } from "../parse-error.ts";
import { normaliseInline } from "../text/normalise-whitespace.ts";
import { MAX_PAGE_PIXELS } from "./image.ts";
import { commonestSize, itemsToLines, type PdfLine, type PdfTextItem, pageLinesToBlocks } from "./pdf-layout.ts";
import { hasUsableTextLayer } from "./pdf-text-layer.ts";

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

/**
 * PDF through pdf.js: text per page with page numbers; password → ENCRYPTED. With a recognizer
 * configured, each page without a usable text layer is rendered for it instead (scanned pages in
 * an otherwise digital PDF); without one, a PDF with no text at all ends NO_TEXT_LAYER.
 */
export const parsePdf: FormatParser = async ({ bytes, limits, budget, recognition }) => {
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
    const pages = await corruptOnFailure("PDF page could not be read", () => readPages(document, budget, recognition));
    const linesByPage = pages.map((page) => (page.image ? [] : page.lines));
    const pagesToRecognize = pages.flatMap((page) => (page.image ? [page.image] : []));
    const lineCount = linesByPage.reduce((count, lines) => count + lines.length, 0);
    if (lineCount === 0 && pagesToRecognize.length === 0) {
      throw parseError("NO_TEXT_LAYER", `none of the PDF's ${document.numPages} pages has a text layer`);
    }
    const bodySize = commonestSize(linesByPage.flat());
    const blocks: TextBlock[] = linesByPage.flatMap((lines) => pageLinesToBlocks(lines, bodySize));
    const properties = await readProperties(document);
    return {
      blocks,
      pageCount: document.numPages,
      properties,
      ...(pagesToRecognize.length ? { pagesToRecognize } : {}),
    };
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

interface ReadPage {
  lines: PdfLine[];
  /** The page rendered for recognition, when its text layer is not usable. */
  image?: PageImage;
}

/**
 * Pages one after the other, each released after reading, so memory stays flat on long
 * documents. Pages without a usable text layer are counted first and rendered after, so a
 * document with too many of them is refused before a single page is drawn.
 */
async function readPages(
  document: PDFDocumentProxy,
  budget: TextBudget,
  recognition?: RecognitionOptions,
): Promise<ReadPage[]> {
  const pages: ReadPage[] = [];
  const unreadable: number[] = [];
  for (let number = 1; number <= document.numPages; number += 1) {
    const page = await document.getPage(number);
    const content = await page.getTextContent();
    const items: PdfTextItem[] = [];
    // The other entries are marked-content markers, which carry no text.
    for (const item of content.items) if ("str" in item) items.push(item);
    budget.spend(items.reduce((sum, item) => sum + item.str.length, 0));
    const lines = itemsToLines(items, number);
    const [, , width = 612, height = 792] = page.view;
    if (recognition && !hasUsableTextLayer(lines, width, height)) unreadable.push(number);
    pages.push({ lines });
    page.cleanup();
  }
  if (!recognition || unreadable.length === 0) return pages;
  if (unreadable.length > recognition.maxPages) {
    throw parseError(
      "TOO_LARGE",
      `${unreadable.length} of the PDF's pages have no text layer to read; at most ${recognition.maxPages} are recognised (OCR_MAX_PAGES)`,
    );
  }
  recognition.onPagesToRender?.(unreadable.length);
  for (const number of unreadable) {
    const page = await document.getPage(number);
    const read = pages[number - 1] as ReadPage;
    read.image = await renderPage(document, page, recognition.dpi);
    page.cleanup();
  }
  return pages;
}

async function renderPage(document: PDFDocumentProxy, page: PDFPageProxy, dpi: number): Promise<PageImage> {
  const base = page.getViewport({ scale: 1 });
  // A page of unusual size is rendered no larger than the recognizers take (and the pixel limit).
  const scale = Math.min(
    dpi / 72,
    Math.sqrt(MAX_PAGE_PIXELS / (base.width * base.height)),
    10000 / Math.max(base.width, base.height),
  );
  const viewport = page.getViewport({ scale });
  const factory = (document as unknown as { canvasFactory: CanvasFactory }).canvasFactory;
  const { canvas, context } = factory.create(Math.ceil(viewport.width), Math.ceil(viewport.height));
  // Scans are drawn over white: a page without a background would otherwise be transparent black.
  context.fillStyle = "#ffffff";
  context.fillRect(0, 0, canvas.width, canvas.height);
  await page.render({ canvas: canvas as never, canvasContext: context as never, viewport }).promise;
  const image = canvasPage(page.pageNumber, canvas);
  factory.destroy({ canvas, context });
  return image;
}

/** pdf.js's Node canvas factory (over @napi-rs/canvas), as the document exposes it. */
interface CanvasFactory {
  create(width: number, height: number): { canvas: Canvas; context: SKRSContext2D };
  destroy(pair: { canvas: Canvas; context: SKRSContext2D }): void;
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

import { readFileSync } from "node:fs";
import { createCanvas } from "@napi-rs/canvas";
import { describe, expect, it } from "vitest";
import { buildPdf } from "./helpers/build-pdf.ts";
import { expectParseError, fixture, parse } from "./helpers/fixtures.ts";

const RECOGNITION = { recognition: { maxPages: 5, dpi: 100 } };
const scanJpeg = new Uint8Array(
  readFileSync(new URL("../../tesseract-recognizer/test/fixtures/scanned-invoice.jpg", import.meta.url)),
);
const SCAN = { jpeg: scanJpeg, width: 900, height: 280 };
const LONG_LINE = { text: "Terms and conditions apply to every rental of forklifts and cranes at our depots", y: 700 };

function parseWith(bytes: Uint8Array, name: string, recognition = RECOGNITION.recognition) {
  return parse(bytes, name, { recognition });
}

describe("pages for recognition", () => {
  it("renders only the PDF pages without a usable text layer, at the configured resolution", async () => {
    const pdf = buildPdf([[LONG_LINE], SCAN, [{ text: "Page 3", y: 40 }], [LONG_LINE]]);
    const document = await parseWith(pdf, "mixed.pdf");
    expect(document.pageCount).toBe(4);
    // A page whose only text is a page number is a scan with a stamp: it is rendered too.
    expect(document.pagesToRecognize?.map((page) => page.page)).toEqual([2, 3]);
    const [rendered] = document.pagesToRecognize ?? [];
    expect(rendered).toMatchObject({ mediaType: "image/png", width: 850, height: 1100 });
    expect(
      Buffer.from(rendered?.bytes ?? [])
        .subarray(1, 4)
        .toString(),
    ).toBe("PNG");
    expect(document.blocks.map((block) => block.page)).toEqual([1, 4]);
  });

  it("keeps the old answer without a recognizer: text pages are read, an all-scan PDF has no text layer", async () => {
    const document = await parse(buildPdf([[LONG_LINE], SCAN]), "mixed.pdf");
    expect(document.pagesToRecognize).toBeUndefined();
    expect(document.blocks.map((block) => block.page)).toEqual([1]);
    await expectParseError(parse(buildPdf([SCAN]), "scan.pdf"), "NO_TEXT_LAYER");
    await expectParseError(parse(fixture("DA-1p.png"), "scan.png"), "NO_TEXT_LAYER");
  });

  it("refuses more pages to recognise than configured", async () => {
    const pdf = buildPdf([SCAN, SCAN, SCAN]);
    await expectParseError(parseWith(pdf, "scans.pdf", { maxPages: 2, dpi: 72 }), "TOO_LARGE");
  });

  it("passes PNG and JPEG through as they are, and turns a multi-page TIFF into one PNG a page", async () => {
    const png = await parseWith(fixture("DA-1p.png"), "scan.png");
    expect(png).toMatchObject({ format: "image", mediaType: "image/png", pageCount: 1, blocks: [] });
    expect(png.pagesToRecognize?.[0]?.bytes).toEqual(fixture("DA-1p.png"));
    const tiff = new Uint8Array(
      readFileSync(new URL("../../tesseract-recognizer/test/fixtures/fax-two-pages.tif", import.meta.url)),
    );
    const pages = (await parseWith(tiff, "fax.tiff")).pagesToRecognize ?? [];
    expect(pages.map(({ page, mediaType, width, height }) => ({ page, mediaType, width, height }))).toEqual([
      { page: 1, mediaType: "image/png", width: 700, height: 163 },
      { page: 2, mediaType: "image/png", width: 700, height: 163 },
    ]);
  });

  it("refuses an image whose header claims more pixels than the limit, before decoding it", async () => {
    const png = Buffer.from(fixture("DA-1p.png"));
    // IHDR width and height: 60,000 × 60,000 pixels.
    png.writeUInt32BE(60_000, 16);
    png.writeUInt32BE(60_000, 20);
    await expectParseError(parseWith(new Uint8Array(png), "huge.png"), "TOO_LARGE");
  });

  it("decodes other image formats (WebP here) and hands them on as PNG", async () => {
    const canvas = createCanvas(320, 200);
    const context = canvas.getContext("2d");
    context.fillStyle = "#ffffff";
    context.fillRect(0, 0, 320, 200);
    context.fillStyle = "#000000";
    context.fillRect(20, 20, 280, 30);
    const webp = new Uint8Array(canvas.toBuffer("image/webp"));
    const document = await parseWith(webp, "photo.webp");
    expect(document.mediaType).toBe("image/webp");
    expect(document.pagesToRecognize?.[0]).toMatchObject({ page: 1, mediaType: "image/png", width: 320, height: 200 });
  });
});

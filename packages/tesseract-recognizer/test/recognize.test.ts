import { readFileSync } from "node:fs";
import { type PageImage, recognizePages, type TextBlock } from "@docworker/core";
import { createDocumentParser } from "@docworker/parsing";
import { createCanvas } from "@napi-rs/canvas";
import { afterAll, describe, expect, it } from "vitest";
import { buildPdf } from "../../parsing/test/helpers/build-pdf.ts";
import { DEFAULT_LIMITS } from "../../parsing/test/helpers/fixtures.ts";
import { createTesseractRecognizer } from "../src/index.ts";

// Small generated scans (see test/fixtures/README.md): recognition takes seconds a page here.
const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`./fixtures/${name}`, import.meta.url)));
const recognizer = createTesseractRecognizer({ languages: ["eng"], workers: 1 });
const parser = createDocumentParser();
const RECOGNITION = { lowConfidence: 0.6, maxPages: 20, dpi: 200 };

afterAll(() => recognizer.close());

function image(name: string, mediaType: PageImage["mediaType"]): PageImage {
  return { page: 1, bytes: fixture(name), mediaType, width: 0, height: 0 };
}

/** One PNG page read by the recognizer, as the pipeline hands it a one-page image. */
function recognizePng(name: string) {
  return recognizer.recognize({
    pages: [image(name, "image/png")],
    document: { mediaType: "image/png", pageCount: 1 },
  });
}

async function ingestText(bytes: Uint8Array, filename: string) {
  const parsed = await parser.parse({ bytes, filename, limits: DEFAULT_LIMITS, recognition: RECOGNITION });
  return recognizePages(recognizer, parsed, { bucket: "raw", key: filename }, RECOGNITION);
}

const text = (blocks: TextBlock[]) => blocks.map((block) => block.text).join("\n");

describe("Tesseract recognizer", { timeout: 60_000 }, () => {
  it("reads a scanned page as lines with boxes and confidence", async () => {
    const [page] = await recognizePng("scanned-invoice.png");
    expect(page?.page).toBe(1);
    const lines = page?.lines ?? [];
    expect(lines.map((line) => line.text)).toEqual([
      "INVOICE 4471",
      "Kestrel Logistics, Harbour Road 12, Lisbon",
      "Forklift rental for March: 1,250.00 EUR",
      "Payment due within thirty days.",
      "Thank you for your business.",
    ]);
    for (const line of lines) {
      expect(line.confidence).toBeGreaterThan(0.8);
      expect(line.box.left).toBeGreaterThanOrEqual(0);
      expect(line.box.left + line.box.width).toBeLessThanOrEqual(1);
      expect(line.box.top + line.box.height).toBeLessThanOrEqual(1);
    }
    // Reading order: each line below the one before.
    const tops = lines.map((line) => line.box.top);
    expect([...tops].sort((a, b) => a - b)).toEqual(tops);
    expect(page?.rotation).toBeUndefined();
  });

  it("straightens a scan that lies on its side, and says how far it turned it", async () => {
    const [page] = await recognizePng("scanned-invoice-turned.png");
    expect(page?.rotation).toBe(270);
    expect(page?.lines.map((line) => line.text)).toContain("Forklift rental for March: 1,250.00 EUR");
    expect(page?.confidence).toBeGreaterThan(0.8);
  });

  it("straightens a receipt printed 3° askew before reading it", async () => {
    // Read as it lies, Tesseract keeps the rows but misreads letters in them ("NAST LEMAK AYAM",
    // "ROTI CANAT TELUR", "JALAN Bunga RAYA").
    const [page] = await recognizePng("receipt-slanted.png");
    expect(page?.lines.map((line) => line.text)).toEqual([
      "KOPITIAM SERI MURNI",
      "NO. 8 JALAN BUNGA RAYA",
      "INVOICE NO: KS-20481",
      "NASI LEMAK AYAM 12.50",
      "TEH TARIK KURANG MANIS 3.20",
      "ROTI CANAI TELUR 4.80",
      "KUEH LAPIS 2 PCS 5.00",
      "SUBTOTAL 25.50",
      "SERVICE CHARGE 10% 2.55",
      "TOTAL 28.05",
      "CASH 50.00",
      "CHANGE 21.95",
    ]);
    expect(page?.rotation).toBeUndefined();
  });

  it("keeps a title in large type above small print, which one-block mode alone drops", async () => {
    const receipt = {
      pages: [image("receipt-large-title.png", "image/png")],
      document: { mediaType: "image/png", pageCount: 1 },
    };
    const rows = ["NO. 12 JALAN MERAK, 81100 JOHOR", "TEL: 07-3507405", "DATE: 25/12/2018 8:13 PM"];
    const [page] = await recognizer.recognize(receipt);
    const lines = page?.lines.map((line) => line.text) ?? [];
    expect(lines.slice(0, 4)).toEqual(["KEDAI ROTI", ...rows]);
    expect(lines).toContain("THANK YOU, PLEASE COME AGAIN");
    expect(new Set(lines).size).toBe(lines.length);
    const oneReading = createTesseractRecognizer({ languages: ["eng"], workers: 1, recoverMissedLines: false });
    try {
      const [alone] = await oneReading.recognize(receipt);
      expect(alone?.lines.map((line) => line.text).slice(0, 3)).toEqual(rows);
    } finally {
      await oneReading.close();
    }
  });

  it("leaves out the marks that specks and a fold at a row's ends read as", async () => {
    const [page] = await recognizePng("receipt-specks.png");
    const lines = page?.lines ?? [];
    expect(lines.map((line) => line.text)).toEqual([
      "KEDAI RUNCIT MAJU JAYA",
      "CASH SALE 25/12/2018",
      "2 X TEH TARIK 4.40",
      "1 X ROTI CANAI 1.50",
      "TOTAL (RM): 5.90",
      "THANK YOU, COME AGAIN",
    ]);
    for (const line of lines) {
      expect(line.words?.map((word) => word.text).join(" ")).toBe(line.text);
      // The rows are printed from x = 120 to about 480 of 900 pixels; the specks at 70, the fold at 760.
      expect(line.box.left).toBeGreaterThan(100 / 900);
      expect(line.box.left + line.box.width).toBeLessThan(700 / 900);
    }
  });

  it("cuts a small slip out of a large white scan to read its small print, boxes still on the whole page", async () => {
    const [page] = await recognizePng("receipt-on-a4.png");
    const lines = page?.lines ?? [];
    expect(lines.map((line) => line.text)).toEqual([
      "KEDAI RUNCIT MAJU JAYA",
      "NO. 12 JALAN MERAK, JOHOR",
      "CASH SALE 25/12/2018 8:13 PM",
      "2 X TEH TARIK 4.40",
      "1 X ROTI CANAI 1.50",
      "3 X KUIH LAPIS 2.70",
      "TOTAL (RM): 8.60",
      "CASH: 10.00",
      "CHANGE: 1.40",
      "THANK YOU, COME AGAIN",
    ]);
    // The slip's rows start at x = 440 of 1,080 pixels and y = 490 to 650 of 1,527.
    for (const line of lines) {
      expect(line.box.left).toBeGreaterThan(420 / 1080);
      expect(line.box.left).toBeLessThan(460 / 1080);
      expect(line.box.left + line.box.width).toBeLessThan(700 / 1080);
      expect(line.box.top).toBeGreaterThan(470 / 1527);
      expect(line.box.top + line.box.height).toBeLessThan(670 / 1527);
    }
  });

  it("reads the figures under a red stamp and leaves the stamp out", async () => {
    const [page] = await recognizePng("receipt-stamped.png");
    expect(page?.lines.map((line) => line.text)).toEqual([
      "KEDAI RUNCIT MAJU JAYA",
      "CASH SALE 25/12/2018",
      "2 X TEH TARIK 4.40",
      "1 X ROTI CANAI 1.50",
      "TOTAL (RM): 5.90",
      "CASH: 10.00",
      "CHANGE: 4.10",
      "THANK YOU, COME AGAIN",
    ]);
  });

  it("reads every page of a multi-page TIFF, each with its own page number", async () => {
    const { parsed, recognition } = await ingestText(fixture("fax-two-pages.tif"), "fax.tif");
    expect(parsed).toMatchObject({ format: "image", mediaType: "image/tiff", pageCount: 2 });
    expect(parsed.blocks.map((block) => [block.page, block.text])).toEqual([
      [1, "Page one of the fax\nDelivery note for order 9912"],
      [2, "Page two of the fax\nSigned by the warehouse manager"],
    ]);
    expect(recognition?.pages.map((page) => page.page)).toEqual([1, 2]);
    expect(recognition?.engine).toBe("tesseract:eng");
  });

  it("recognises only the scanned page of a PDF that mixes text and scanned pages", async () => {
    const scan = { jpeg: fixture("scanned-invoice.jpg"), width: 900, height: 280 };
    const pdf = buildPdf([
      [{ text: "Cover letter from the accounts department of Kestrel Logistics to all our customers", y: 700 }],
      scan,
      [{ text: "Terms and conditions apply to every rental of forklifts and cranes at our depots", y: 700 }],
    ]);
    const { parsed, recognition } = await ingestText(pdf, "mixed.pdf");
    expect(parsed.pagesToRecognize).toBeUndefined();
    expect(parsed.blocks.map((block) => block.page)).toEqual([1, 2, 3]);
    const [cover, scanned, terms] = parsed.blocks;
    expect(cover?.recognizedConfidence).toBeUndefined();
    expect(terms?.recognizedConfidence).toBeUndefined();
    expect(scanned?.text).toContain("Forklift rental for March: 1,250.00 EUR");
    expect(scanned?.recognizedConfidence).toBeGreaterThan(0.8);
    expect(recognition).toMatchObject({ engine: "tesseract:eng", lowConfidencePages: [] });
    expect(recognition?.pages.map((page) => page.page)).toEqual([2]);
    expect(text(parsed.blocks)).toContain("Cover letter from the accounts department");
  });

  it("finds no text in a picture without any, and says so instead of indexing noise", async () => {
    const canvas = createCanvas(480, 360);
    const context = canvas.getContext("2d");
    const gradient = context.createLinearGradient(0, 0, 480, 360);
    gradient.addColorStop(0, "#2f6b2f");
    gradient.addColorStop(1, "#c9e6b5");
    context.fillStyle = gradient;
    context.fillRect(0, 0, 480, 360);
    context.fillStyle = "#f4c2d7";
    for (const [x, y, r] of [
      [240, 180, 60],
      [120, 90, 30],
      [380, 260, 45],
    ] as const) {
      context.beginPath();
      context.arc(x, y, r, 0, Math.PI * 2);
      context.fill();
    }
    const photo = new Uint8Array(canvas.toBuffer("image/jpeg", 90));
    const { parsed, recognition } = await ingestText(photo, "flower.jpg");
    expect(parsed.blocks).toEqual([]);
    expect(recognition).toMatchObject({ engine: "tesseract:eng", pagesWithoutText: [1], lowConfidencePages: [] });
  });
});

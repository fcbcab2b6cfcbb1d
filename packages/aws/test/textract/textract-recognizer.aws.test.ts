import { readFileSync } from "node:fs";
import { PutObjectCommand, type S3Client, S3Client as StandInS3 } from "@aws-sdk/client-s3";
import type { PageImage } from "@docworker/core";
import { ensureBucket } from "@docworker/dev-provisioning";
import { createTesseractRecognizer } from "@docworker/tesseract-recognizer";
import { startTextractStandIn, type TextractStandIn } from "@docworker/textract-stand-in";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { buildPdf } from "../../../parsing/test/helpers/build-pdf.ts";
import { createTextractRecognizer, loadTextractConfig, type TextractRecognizer } from "../../src/index.ts";
import { emulatedClients, emulatedS3Config, uniqueName } from "../support/aws-clients.ts";
import { emptyAndDeleteBucket } from "../support/cleanup.ts";
import { ensureEmulatedStack } from "../support/emulated-stack.ts";

// The real Textract client against the stand-in, which reads asynchronous jobs' documents from moto.
const fixture = (name: string) =>
  new Uint8Array(readFileSync(new URL(`../../../tesseract-recognizer/test/fixtures/${name}`, import.meta.url)));
const bucket = uniqueName("textract");
const tesseract = createTesseractRecognizer({ languages: ["eng"], workers: 1 });
let s3: S3Client;
let standIn: TextractStandIn;
let textract: TextractRecognizer;

const image = (page: number, name: string, mediaType: PageImage["mediaType"]): PageImage => ({
  page,
  bytes: fixture(name),
  mediaType,
  width: 0,
  height: 0,
});

beforeAll(async () => {
  const env = (await ensureEmulatedStack()).env;
  s3 = emulatedClients(env).s3;
  await ensureBucket(s3, bucket);
  standIn = await startTextractStandIn({ recognizer: tesseract, s3: new StandInS3(emulatedS3Config(env)) });
  textract = createTextractRecognizer(
    loadTextractConfig({ TEXTRACT_ENDPOINT_URL: standIn.url, TEXTRACT_POLL_MS: "100", TEXTRACT_MAX_ATTEMPTS: "4" }),
    { credentials: { accessKeyId: "test", secretAccessKey: "test" } },
  );
});
afterAll(async () => {
  await textract.close();
  await standIn.stop();
  await tesseract.close();
  await emptyAndDeleteBucket(s3, bucket);
  s3.destroy();
});
beforeEach(() => standIn.faults.clear());

describe("TextractRecognizer on the Textract stand-in", { timeout: 90_000 }, () => {
  it("reads page images with DetectDocumentText, one call a page", async () => {
    const before = standIn.calls.DetectDocumentText ?? 0;
    const pages = await textract.recognize({
      pages: [image(1, "scanned-invoice.png", "image/png"), image(2, "scanned-invoice.jpg", "image/jpeg")],
      document: { mediaType: "image/tiff", pageCount: 2 },
    });
    expect(pages.map((page) => page.page)).toEqual([1, 2]);
    expect(pages[0]?.lines.map((line) => line.text)).toContain("Forklift rental for March: 1,250.00 EUR");
    expect(pages[1]?.confidence).toBeGreaterThan(0.8);
    expect((standIn.calls.DetectDocumentText ?? 0) - before).toBe(2);
  });

  it("reads the scanned pages of a multi-page PDF in S3 with one asynchronous job", async () => {
    const key = "tenants/acme/documents/doc-1/mixed.pdf";
    const pdf = buildPdf([
      [{ text: "Cover letter from the accounts department of Kestrel Logistics to all our customers", y: 700 }],
      { jpeg: fixture("scanned-invoice.jpg"), width: 900, height: 280 },
    ]);
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: pdf }));
    const pages = await textract.recognize({
      pages: [image(2, "scanned-invoice.png", "image/png")],
      document: { mediaType: "application/pdf", pageCount: 2, source: { bucket, key } },
    });
    expect(pages).toHaveLength(1);
    expect(pages[0]?.page).toBe(2);
    expect(pages[0]?.lines.map((line) => line.text)).toContain("INVOICE 4471");
    expect(standIn.calls.StartDocumentTextDetection).toBe(1);
    expect(standIn.calls.DetectDocumentText ?? 0).toBeLessThanOrEqual(2);
  });

  it("with TEXTRACT_FEATURES=TABLES, reads tables as rows of cells, an image by AnalyzeDocument and a PDF by one StartDocumentAnalysis job", async () => {
    const tables = createTextractRecognizer(
      loadTextractConfig({
        TEXTRACT_ENDPOINT_URL: standIn.url,
        TEXTRACT_POLL_MS: "100",
        TEXTRACT_FEATURES: "TABLES",
      }),
      { credentials: { accessKeyId: "test", secretAccessKey: "test" } },
    );
    try {
      const [image1] = await tables.recognize({
        pages: [image(1, "scanned-table.png", "image/png")],
        document: { mediaType: "image/png", pageCount: 1 },
      });
      const lines = image1?.lines.map((line) => line.text);
      expect(lines).toEqual([
        "Parts delivered in March",
        "Item | Quantity | Amount",
        "Pallet jack | 2 | 380.00",
        "Forklift battery | 1 | 1,420.00",
        "Safety vest | 12 | 96.00",
        "Thank you for your business.",
      ]);
      expect(standIn.calls.AnalyzeDocument ?? 0).toBeGreaterThan(0);

      const key = "tenants/acme/documents/doc-2/parts.pdf";
      const pdf = buildPdf([
        [{ text: "Cover letter from the stores department of Kestrel Logistics to all our customers", y: 700 }],
        { jpeg: fixture("scanned-table.jpg"), width: 900, height: 300 },
      ]);
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: pdf }));
      const pages = await tables.recognize({
        pages: [image(2, "scanned-table.png", "image/png")],
        document: { mediaType: "application/pdf", pageCount: 2, source: { bucket, key } },
      });
      expect(pages.map((page) => page.page)).toEqual([2]);
      expect(pages[0]?.lines.map((line) => line.text)).toContain("Forklift battery | 1 | 1,420.00");
      expect(standIn.calls.StartDocumentAnalysis).toBe(1);
    } finally {
      await tables.close();
    }
  });

  it("retries throttling inside the SDK, and calls what is left of it THROTTLED", async () => {
    standIn.faults.set({ throttleNext: 2 });
    const [page] = await textract.recognize({
      pages: [image(1, "scanned-invoice.png", "image/png")],
      document: { mediaType: "image/png", pageCount: 1 },
    });
    expect(page?.lines.length).toBeGreaterThan(0);
    standIn.faults.set({ throttleNext: 10 });
    await expect(
      textract.recognize({
        pages: [image(1, "scanned-invoice.png", "image/png")],
        document: { mediaType: "image/png", pageCount: 1 },
      }),
    ).rejects.toMatchObject({ code: "THROTTLED", retryable: true });
  });

  it("ends unsupported input and failed jobs with UNSUPPORTED_TYPE, not a retry", async () => {
    const bogus: PageImage = {
      page: 1,
      bytes: new TextEncoder().encode("not an image"),
      mediaType: "image/png",
      width: 1,
      height: 1,
    };
    await expect(
      textract.recognize({ pages: [bogus], document: { mediaType: "image/png", pageCount: 1 } }),
    ).rejects.toMatchObject({ code: "UNSUPPORTED_TYPE", retryable: false });
    standIn.faults.set({ failJobNext: 1 });
    await expect(
      textract.recognize({
        pages: [image(1, "scanned-invoice.png", "image/png")],
        document: {
          mediaType: "application/pdf",
          pageCount: 3,
          source: { bucket, key: "tenants/acme/documents/doc-1/mixed.pdf" },
        },
      }),
    ).rejects.toMatchObject({ code: "UNSUPPORTED_TYPE" });
  });
});

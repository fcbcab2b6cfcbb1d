import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  farApartCellsXlsx,
  mailWithAttachment,
  manyTinyParagraphs,
  nestedDivs,
  nestedJson,
  oneLongWord,
  photoWithoutWriting,
  pixelBombPng,
  scannedInvoicePng,
  scannedPdf,
  wideHeaderCsv,
} from "../support/hostile-files.ts";
import { type Harness, openHarness } from "../support/pipeline-harness.ts";

// Every input here once blocked the event loop for seconds to minutes, or killed the process. Each
// must now end PROCESSED or FAILED with a clear code on its first delivery, in this same process,
// and the next ordinary document must still be processed.

// Heavy inputs on purpose, on a machine that may be shared: minutes, not the default 30 s.
const HEAVY = { timeout: 180_000 };
const TENANT = "acme";
let sequence = 0;

async function ingest(h: Harness, filename: string, content: string | Uint8Array) {
  const documentId = `doc_${(0xa000 + ++sequence).toString(16).padStart(18, "0")}`;
  const key = `tenants/${TENANT}/documents/${documentId}/${filename}`;
  const { etag, size } = await h.putRaw(key, content);
  const started = performance.now();
  const disposition = await h.deliver(h.createdMessage(key, etag, h.nextSequencer(), size));
  const seconds = (performance.now() - started) / 1000;
  const record = await h.deps.metadata.get({ tenantId: TENANT, documentId });
  return { disposition, record, seconds };
}

async function expectOrdinaryDocumentProcessed(h: Harness) {
  const { record } = await ingest(h, "minutes.txt", "The board met on Tuesday and approved the harbour budget.");
  expect(record?.status).toBe("PROCESSED");
}

describe("hostile documents, under the default budgets", HEAVY, () => {
  let h: Harness;
  beforeAll(async () => {
    h = await openHarness({ env: { CHUNK_TARGET_TOKENS: "400", CHUNK_OVERLAP_TOKENS: "50" } });
  });
  afterAll(() => h.close());

  it("reads an XLSX with cells in columns A and XFD as two columns, not 16,384", async () => {
    const { record, disposition } = await ingest(h, "wide.xlsx", farApartCellsXlsx(500));
    expect(disposition).toEqual({ action: "ack" });
    expect(record?.status).toBe("PROCESSED");
    // 500 rows of "left i | right i": a handful of chunks, where every cell of every column made thousands.
    expect(record?.chunkCount).toBeLessThan(50);
  });

  it("cuts a 300 KB word of random letters before counting its tokens", async () => {
    const { record } = await ingest(h, "word.txt", oneLongWord(300_000));
    expect(record?.status).toBe("PROCESSED");
    expect(record?.chunkCount).toBeGreaterThan(1);
  });

  it("refuses HTML nested 100,000 deep as TOO_LARGE, naming the limit", async () => {
    const { record, disposition } = await ingest(h, "deep.html", nestedDivs(100_000));
    expect(disposition).toEqual({ action: "ack" });
    expect(record?.error).toMatchObject({ code: "TOO_LARGE", retryable: false });
    expect(record?.error?.message).toContain("MAX_HTML_DEPTH");
    expect(record?.attempts).toBe(1);
  });

  it("refuses JSON nested 100,000 deep as TOO_LARGE, once, not as a transient error", async () => {
    const { record, disposition } = await ingest(h, "deep.json", nestedJson(100_000));
    expect(disposition).toEqual({ action: "ack" });
    expect(record?.status).toBe("FAILED");
    expect(record?.error).toMatchObject({ code: "TOO_LARGE", retryable: false });
    expect(record?.error?.message).toContain("MAX_JSON_DEPTH");
  });

  it("does not repeat a wide CSV header into every block", async () => {
    const { record } = await ingest(h, "wide.csv", wideHeaderCsv(5000, 200));
    expect(record?.status).toBe("PROCESSED");
    expect(record?.chunkCount).toBeLessThan(50);
  });

  it("refuses 10 million and one characters of x at the default character budget", async () => {
    const { record, disposition } = await ingest(h, "x.txt", "x".repeat(10_000_001));
    expect(disposition).toEqual({ action: "ack" });
    expect(record?.error).toMatchObject({ code: "TOO_LARGE", retryable: false });
    expect(record?.error?.message).toContain("MAX_DOCUMENT_CHARACTERS");
  });

  it("names an e-mail's attachment without keeping it", async () => {
    const { record } = await ingest(h, "mail.eml", mailWithAttachment(256 * 1024));
    expect(record?.status).toBe("PROCESSED");
  });

  it("still processes an ordinary document afterwards", async () => {
    await expectOrdinaryDocumentProcessed(h);
  });
});

describe("hostile documents, against lowered budgets", HEAVY, () => {
  let h: Harness;
  beforeAll(async () => {
    h = await openHarness({
      env: { MAX_DOCUMENT_CHARACTERS: "1000000", MAX_ATTACHMENT_BYTES: "100000", MAX_CHUNKS_PER_DOCUMENT: "50" },
    });
  });
  afterAll(() => h.close());

  it("stops reading text at the character budget", async () => {
    const { record } = await ingest(h, "x.txt", "x".repeat(2_000_000));
    expect(record?.error).toMatchObject({ code: "TOO_LARGE", retryable: false });
    expect(record?.error?.message).toContain("MAX_DOCUMENT_CHARACTERS");
  });

  it("stops at the chunk budget", async () => {
    const words = Array.from({ length: 40_000 }, (_, i) => `word${i % 997}`).join(" ");
    const { record } = await ingest(h, "many-chunks.txt", words);
    expect(record?.error).toMatchObject({ code: "TOO_LARGE", retryable: false });
    expect(record?.error?.message).toContain("50 chunks");
  });

  it("refuses an e-mail whose attachments pass the attachment budget", async () => {
    const { record } = await ingest(h, "big-mail.eml", mailWithAttachment(300_000));
    expect(record?.error).toMatchObject({ code: "TOO_LARGE", retryable: false });
    expect(record?.error?.message).toContain("MAX_ATTACHMENT_BYTES");
  });

  it("still processes an ordinary document afterwards", async () => {
    await expectOrdinaryDocumentProcessed(h);
  });
});

describe("a parse worker that runs out of heap or time", HEAVY, () => {
  it("ends the document TOO_LARGE when the worker passes its heap limit, and replaces the worker", async () => {
    const h = await openHarness({ parsePool: { heapMb: 96 } });
    try {
      // Markdown is parsed in the pool (a short text would be read in this process): the worker is up.
      const { record: markdown } = await ingest(h, "minutes.md", "# Minutes\n\nThe board approved the budget.");
      expect(markdown?.status).toBe("PROCESSED");
      const before = h.preparer.pids;
      expect(before).toHaveLength(1);
      const { record, disposition } = await ingest(h, "tiny-paragraphs.txt", manyTinyParagraphs(3_000_000));
      expect(disposition).toEqual({ action: "ack" });
      expect(record?.error).toMatchObject({ code: "TOO_LARGE", retryable: false });
      expect(record?.error?.message).toContain("PARSE_HEAP_MB");
      await expectOrdinaryDocumentProcessed(h);
      // The worker died and was replaced; this process, which ran the pipeline, is still here.
      expect(h.preparer.pids).not.toEqual(before);
    } finally {
      await h.close();
    }
  });

  it("ends the document with a non-retryable TIMEOUT at the deadline", async () => {
    const h = await openHarness({ parsePool: { timeoutSeconds: 1 } });
    try {
      await expectOrdinaryDocumentProcessed(h); // the pool starts its worker before the deadline starts
      const text = Array.from({ length: 700_000 }, (_, i) => `harbour${i % 4096}`).join(" ");
      const { record, disposition } = await ingest(h, "slow.txt", text);
      expect(disposition).toEqual({ action: "ack" });
      expect(record?.error).toMatchObject({ code: "TIMEOUT", retryable: false });
      expect(record?.error?.message).toContain("PARSE_TIMEOUT_SECONDS");
      expect(record?.attempts).toBe(1);
      await expectOrdinaryDocumentProcessed(h);
    } finally {
      await h.close();
    }
  });
});

describe("scans, read by Tesseract inside the parse pool", HEAVY, () => {
  let h: Harness;
  beforeAll(async () => {
    h = await openHarness({ parsePool: { tesseract: { languages: ["eng"], workers: 1 } } });
  });
  afterAll(() => h.close());

  it("reads a scanned invoice in a parse worker", async () => {
    const { record } = await ingest(h, "invoice.png", scannedInvoicePng());
    expect(record?.status).toBe("PROCESSED");
    expect(record?.recognition?.engine).toBe("tesseract:eng");
    expect(record?.recognition?.pages).toHaveLength(1);
  });

  it("processes a photo with nothing written in it, with no chunks, and removes an earlier version's", async () => {
    const documentId = `doc_${(0xa000 + ++sequence).toString(16).padStart(18, "0")}`;
    const key = `tenants/${TENANT}/documents/${documentId}/upload.jpg`;
    const deliver = async (content: Uint8Array) => {
      const { etag, size } = await h.putRaw(key, content);
      expect(await h.deliver(h.createdMessage(key, etag, h.nextSequencer(), size))).toEqual({ action: "ack" });
      return h.deps.metadata.get({ tenantId: TENANT, documentId });
    };
    const invoice = await deliver(scannedInvoicePng());
    expect(invoice).toMatchObject({ status: "PROCESSED", recognition: { pages: [{ page: 1 }] } });
    expect(await h.deps.index.countChunks(TENANT, documentId)).toBeGreaterThan(0);

    const flower = await deliver(photoWithoutWriting());
    expect(flower).toMatchObject({
      status: "PROCESSED",
      chunkCount: 0,
      class: "generic",
      classConfidence: 0,
      classification: { method: "none" },
      recognition: { engine: "tesseract:eng", pagesWithoutText: [1], lowConfidencePages: [] },
      usage: { inputTokens: 0, outputTokens: 0, embeddingTokens: 0 },
    });
    expect(flower?.extraction).toBeUndefined();
    expect(await h.deps.index.countChunks(TENANT, documentId)).toBe(0);
  });

  it("refuses a PNG whose header claims 50,000 × 50,000 pixels before decoding it", async () => {
    const { record, disposition } = await ingest(h, "bomb.png", pixelBombPng(50_000, 50_000));
    expect(disposition).toEqual({ action: "ack" });
    expect(record?.error).toMatchObject({ code: "TOO_LARGE", retryable: false });
    expect(record?.error?.message).toContain("pixels");
  });

  it("still processes an ordinary document afterwards", async () => {
    await expectOrdinaryDocumentProcessed(h);
  });
});

describe("recognition past its deadline", HEAVY, () => {
  it("ends a long scan with a non-retryable TIMEOUT naming the per-page allowance, and goes on", async () => {
    const h = await openHarness({
      env: { OCR_DPI: "72" },
      // 10 ms a page to render and read: far less than Tesseract takes for one.
      parsePool: { timeoutSeconds: 2, ocrPageTimeoutSeconds: 0.01, tesseract: { languages: ["eng"], workers: 1 } },
    });
    try {
      await expectOrdinaryDocumentProcessed(h);
      const { record, disposition } = await ingest(h, "scans.pdf", scannedPdf(30));
      expect(disposition).toEqual({ action: "ack" });
      expect(record).toMatchObject({ status: "FAILED", error: { code: "TIMEOUT", retryable: false } });
      expect(record?.error?.message).toContain("30 page(s) to recognise × 0.01 s (OCR_PAGE_TIMEOUT_SECONDS)");
      await expectOrdinaryDocumentProcessed(h);
    } finally {
      await h.close();
    }
  });
});

import { readFileSync } from "node:fs";
import { type RunningStandalone, startStandalone } from "@docworker/standalone";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildPdf } from "../../packages/parsing/test/helpers/build-pdf.ts";
import { type AwsHarness, openAwsHarness, waitFor } from "./support/aws-pipeline-harness.ts";

// Scans through the AWS path: upload to S3, EventBridge, SQS, the worker on the AWS adapters, and
// the real Textract client against the emulated stack's Textract stand-in (TEXTRACT_ENDPOINT_URL).
const scan = (name: string) =>
  new Uint8Array(readFileSync(new URL(`../../packages/tesseract-recognizer/test/fixtures/${name}`, import.meta.url)));

let h: AwsHarness;
let app: RunningStandalone;

beforeAll(async () => {
  h = await openAwsHarness();
  expect(h.env.TEXTRACT_ENDPOINT_URL, "the emulated stack runs the Textract stand-in").toMatch(/^http:\/\/127\./);
  app = await startStandalone({ port: 0, host: "127.0.0.1", env: h.env });
});

afterAll(async () => {
  await app?.stop();
  await h?.close();
});

async function upload(filename: string, contentType: string, body: Uint8Array): Promise<string> {
  const created = await fetch(`${app.url}/documents`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ filename, contentType }),
  }).then(
    (response) =>
      response.json() as Promise<{ documentId: string; upload: { url: string; headers: Record<string, string> } }>,
  );
  const put = await fetch(created.upload.url, {
    method: "PUT",
    headers: created.upload.headers,
    body: Buffer.from(body),
  });
  expect(put.status).toBe(200);
  return created.documentId;
}

const processed = (documentId: string) =>
  waitFor(`document ${documentId}`, async () => {
    const body = await fetch(`${app.url}/documents/${documentId}`).then((response) => response.json());
    return ["PROCESSED", "FAILED"].includes(body?.status) ? body : undefined;
  });

/** The first hit on the document; OpenSearch shows new chunks after its refresh interval. */
const hitOn = (documentId: string, query: string) =>
  waitFor(`a hit on ${documentId} for "${query}"`, async () =>
    (await search(query)).find((hit) => hit.documentId === documentId),
  );

async function search(query: string) {
  const response = await fetch(`${app.url}/search`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query, mode: "keyword" }),
  });
  return (
    (await response.json()) as {
      results: { documentId: string; page?: number; pageEnd?: number; recognizedConfidence?: number }[];
    }
  ).results;
}

describe("scanned documents on the emulated AWS stack, read by Textract", { timeout: 120_000 }, () => {
  it("reads a scanned image with DetectDocumentText and finds its text by search", async () => {
    const documentId = await upload("invoice.png", "image/png", scan("scanned-invoice.png"));
    const record = await processed(documentId);
    expect(record).toMatchObject({ status: "PROCESSED", pages: 1, recognition: { engine: "textract" } });
    const hit = await hitOn(documentId, "forklift rental March");
    expect(hit.page).toBe(1);
    expect(hit.recognizedConfidence).toBeGreaterThan(0.8);
  });

  it("processes a photo with nothing written in it with no chunks, and says which page held no text", async () => {
    const photo = new Uint8Array(
      readFileSync(new URL("../../packages/parsing/test/fixtures/example.jpg", import.meta.url)),
    );
    const documentId = await upload("flower.jpg", "image/jpeg", photo);
    const record = await processed(documentId);
    expect(record).toMatchObject({
      status: "PROCESSED",
      chunkCount: 0,
      class: "generic",
      recognition: { engine: "textract", pagesWithoutText: [1] },
    });
    expect(record.extraction).toBeUndefined();
  });

  it("reads only the scanned page of a mixed PDF, in place in S3, with an asynchronous job", async () => {
    const pdf = buildPdf([
      [{ text: "Cover letter from the accounts department of Kestrel Logistics to all our customers", y: 700 }],
      { jpeg: scan("scanned-invoice.jpg"), width: 900, height: 280 },
    ]);
    const documentId = await upload("mixed.pdf", "application/pdf", pdf);
    const record = await processed(documentId);
    expect(record).toMatchObject({ status: "PROCESSED", pages: 2 });
    expect(record.recognition.pages.map((page: { page: number }) => page.page)).toEqual([2]);
    // One chunk holds both short pages: it starts on the typed page and ends on the scanned one,
    // and says that part of it was recognised.
    const hit = await hitOn(documentId, "INVOICE 4471 forklift");
    expect(hit).toMatchObject({ page: 1, pageEnd: 2 });
    expect(hit.recognizedConfidence).toBeGreaterThan(0.8);
  });

  it("classifies a receipt image with Bedrock Converse, extracts its fields with evidence, and reprocesses it", async () => {
    const receipt = new Uint8Array(readFileSync(new URL("../fixtures/receipt.png", import.meta.url)));
    const record = await processed(await upload("till-slip.png", "image/png", receipt));
    expect(record).toMatchObject({ status: "PROCESSED", class: "receipt", classification: { method: "bedrock" } });
    expect(record.extraction).toMatchObject({ extractor: "bedrock", schemaId: "receipt/v1" });
    expect(record.extraction.data.total).toBe("12.90");
    expect(record.extraction.data.date).toBe("14/03/2019");
    for (const name of ["company", "date", "address", "total"]) {
      expect(record.extraction.fields[name].evidence[0]?.page, name).toBe(1);
      expect(record.extraction.fields[name].confidence, name).toBeGreaterThan(0.3);
    }

    // Reprocessing on AWS: the job and its documents go through SQS, its counters are DynamoDB items.
    const started = await fetch(`${app.url}/reprocess`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ filter: { class: "receipt", schemaId: "receipt/v1" } }),
    });
    expect(started.status).toBe(202);
    const { jobId } = (await started.json()) as { jobId: string };
    const job = await waitFor(`job ${jobId}`, async () => {
      const body = await fetch(`${app.url}/jobs/${jobId}`).then((response) => response.json());
      return body?.status === "SUCCEEDED" ? body : undefined;
    });
    expect(job).toMatchObject({ matched: 1, processed: 1, failed: 0, listed: true });
    const again = await fetch(`${app.url}/documents/${record.documentId}`).then((response) => response.json());
    expect(again.processedAt > record.processedAt).toBe(true);
    expect(again).toMatchObject({ status: "PROCESSED", class: "receipt", attempts: 1 });
    // Job items share the table with the documents; listings never show them.
    const listed = await fetch(`${app.url}/documents?limit=100`).then((response) => response.json());
    expect(listed.items.every((item: { documentId: string }) => item.documentId.startsWith("doc_"))).toBe(true);
  });
});

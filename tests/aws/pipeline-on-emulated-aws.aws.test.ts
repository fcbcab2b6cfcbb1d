import { readFileSync } from "node:fs";
import { GetObjectCommand } from "@aws-sdk/client-s3";
import { encodeS3EventBridgeEvent } from "@docworker/core";
import { type RunningStandalone, startStandalone } from "@docworker/standalone";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AwsHarness, openAwsHarness, waitFor } from "./support/aws-pipeline-harness.ts";

// Everything below goes through the real AWS SDK clients: S3, EventBridge, SQS and DynamoDB on
// moto, chunks in a real OpenSearch node, Bedrock calls to the stand-in that speaks its wire format.
const fixture = (name: string) =>
  readFileSync(new URL(`../../packages/parsing/test/fixtures/${name}`, import.meta.url));

let h: AwsHarness;
let app: RunningStandalone;

beforeAll(async () => {
  h = await openAwsHarness();
  // A small parse heap, so one test can run a parse worker out of it; the fixtures need far less.
  app = await startStandalone({ port: 0, host: "127.0.0.1", env: { ...h.env, PARSE_HEAP_MB: "128" } });
});

afterAll(async () => {
  await app?.stop();
  await h?.close();
});

async function api<T = any>(
  path: string,
  init?: { method?: string; body?: unknown },
): Promise<{ status: number; body: T }> {
  const response = await fetch(`${app.url}${path}`, {
    method: init?.method ?? "GET",
    ...(init?.body === undefined
      ? {}
      : { body: JSON.stringify(init.body), headers: { "content-type": "application/json" } }),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
}

const finalStatus = (documentId: string, statuses = ["PROCESSED", "FAILED", "DELETED"]) =>
  waitFor(`document ${documentId}`, async () => {
    const { body } = await api(`/documents/${documentId}`);
    return statuses.includes(body?.status) ? body : undefined;
  });

const queueDrained = () =>
  waitFor("the ingestion queue to drain", async () => ((await h.queueDepth()) === 0 ? true : undefined));

const searchIds = async (query: string) =>
  (
    await api<{ results: { documentId: string; page?: number }[] }>("/search", {
      method: "POST",
      body: { query, mode: "keyword" },
    })
  ).body.results;

describe("the pipeline on the emulated AWS stack", () => {
  let documentId: string;
  let key: string;

  it("uploads through a pre-signed S3 URL and ends PROCESSED, indexed, with processed JSON, and searchable", async () => {
    const created = await api("/documents", {
      method: "POST",
      body: { filename: "paper.pdf", contentType: "application/pdf" },
    });
    expect(created.status).toBe(201);
    documentId = created.body.documentId;
    expect(created.body.upload.url).toContain(h.env.AWS_ENDPOINT_URL);
    const put = await fetch(created.body.upload.url, {
      method: "PUT",
      headers: created.body.upload.headers,
      body: fixture("layout-parser-paper-fast.pdf"),
    });
    expect(put.status).toBe(200);

    const record = await finalStatus(documentId);
    expect(record).toMatchObject({ status: "PROCESSED", pages: 2, extraction: { extractor: "bedrock" } });
    expect(record.usage.inputTokens).toBeGreaterThan(0);
    expect(record.usage.embeddingTokens).toBeGreaterThan(0);
    expect(await h.chunksInIndex(documentId)).toBe(record.chunkCount);

    const processed = await h.s3.send(
      new GetObjectCommand({ Bucket: h.processedBucket, Key: `tenants/default/documents/${documentId}.json` }),
    );
    const json = JSON.parse(await (processed.Body as { transformToString(): Promise<string> }).transformToString());
    expect(json).toMatchObject({ documentId, pageCount: 2 });

    const hits = await searchIds("off-the-shelf toolkit for applying DL models");
    expect(hits[0]).toMatchObject({ documentId, page: 2 });
    key = json.source.key;
  });

  it("unpacks an uploaded zip: each file is written to S3 as a document of its own, whose event ingests it", async () => {
    const created = await api("/documents", {
      method: "POST",
      body: { filename: "simple.zip", contentType: "application/zip", metadata: { team: "hockey" } },
    });
    const put = await fetch(created.body.upload.url, {
      method: "PUT",
      headers: created.body.upload.headers,
      body: fixture("simple.zip"),
    });
    expect(put.status).toBe(200);
    const archiveId = created.body.documentId;
    expect(await finalStatus(archiveId)).toMatchObject({ status: "PROCESSED", contentType: "application/zip" });
    const member = await waitFor("the archive's CSV to be searchable", async () => {
      const { body } = await api<{ results: Record<string, any>[] }>("/search", {
        method: "POST",
        body: { query: "Stanley Cups", mode: "keyword", filters: { metadata: { "archive-document-id": archiveId } } },
      });
      return body.results.find((hit) => hit.filename === "stanley-cups.csv");
    });
    expect(member.metadata).toMatchObject({ team: "hockey", "archive-member-path": "stanley-cups.csv" });
    expect(await finalStatus(member.documentId)).toMatchObject({ status: "PROCESSED", contentType: "text/csv" });
  });

  it("keeps one set of chunks when the same event is delivered twice", async () => {
    const before = await api(`/documents/${documentId}`);
    const stored = await h.record(documentId);
    const duplicate = encodeS3EventBridgeEvent({
      type: "Object Created",
      bucket: h.rawBucket,
      key,
      etag: before.body.version,
      sequencer: stored?.sequencer as string,
    });
    await h.sendMessage(JSON.stringify(duplicate));
    await h.sendMessage(JSON.stringify(duplicate));
    await queueDrained();
    const after = await api(`/documents/${documentId}`);
    expect(after.body.processedAt).toBe(before.body.processedAt);
    expect(await h.chunksInIndex(documentId)).toBe(before.body.chunkCount);
  });

  it("replaces the chunks when the key is overwritten, and ignores a stale event", async () => {
    const oldVersion = (await api(`/documents/${documentId}`)).body.version;
    await h.putObject(key, "Lighthouse maintenance schedule for the northern harbour.");
    const record = await waitFor("the new version", async () => {
      const { body } = await api(`/documents/${documentId}`);
      return body.status === "PROCESSED" && body.version !== oldVersion ? body : undefined;
    });
    expect(await h.chunksInIndex(documentId)).toBe(record.chunkCount);
    expect((await searchIds("lighthouse maintenance")).map((r) => r.documentId)).toContain(documentId);
    expect((await searchIds("toolkit")).map((r) => r.documentId)).not.toContain(documentId);

    // An event for the old version, with a sequencer older than the one recorded, changes nothing.
    const stale = encodeS3EventBridgeEvent({
      type: "Object Created",
      bucket: h.rawBucket,
      key,
      etag: oldVersion,
      sequencer: "0000000000000001",
    });
    await h.sendMessage(JSON.stringify(stale));
    await queueDrained();
    expect((await api(`/documents/${documentId}`)).body).toMatchObject({
      status: "PROCESSED",
      version: record.version,
    });
  });

  it("removes the chunks and marks the record DELETED when the object is deleted", async () => {
    expect((await api(`/documents/${documentId}`, { method: "DELETE" })).status).toBe(202);
    expect((await finalStatus(documentId, ["DELETED"])).status).toBe("DELETED");
    // The record turns DELETED before the chunks go (and a transient index error retries the
    // delete): the chunks must be gone soon after, not necessarily at the same instant.
    await waitFor(
      "the chunks to be gone",
      async () => ((await h.chunksInIndex(documentId)) === 0 ? true : undefined),
      15_000,
    );
  });

  it("still ends PROCESSED when Bedrock throttles the first calls", async () => {
    h.bedrock.faults.set({ throttleNext: 4 });
    const docKey = "tenants/default/documents/doc_000000000000000000f1/throttled.txt";
    await h.putObject(docKey, "Throttling should slow this document down, never fail it.");
    const record = await finalStatus("doc_000000000000000000f1");
    expect(record.status).toBe("PROCESSED");
    expect(h.bedrock.calls.counts().byErrorType.ThrottlingException).toBe(4);
  });

  it("fails a corrupt PDF once with its code, deletes the message, and does not retry", async () => {
    const docKey = "tenants/default/documents/doc_000000000000000000f2/broken.pdf";
    await h.putObject(docKey, "%PDF-1.7\n1 0 obj << /Type /Catalog", "application/pdf");
    const record = await finalStatus("doc_000000000000000000f2");
    expect(record).toMatchObject({ status: "FAILED", attempts: 1, error: { code: "CORRUPT", retryable: false } });
    await queueDrained();
    expect((await api("/documents/doc_000000000000000000f2")).body.attempts).toBe(1);
  });

  // Running a parse worker out of heap takes seconds of allocation, more on a loaded machine.
  it("fails a document that runs its parse worker out of heap, once, and processes the next one", async () => {
    const heavy = "tenants/default/documents/doc_000000000000000000f3/paragraphs.txt";
    // Three million one-letter paragraphs: under every text budget, far over 128 MiB of blocks.
    await h.putObject(heavy, "a\n\n".repeat(3_000_000), "text/plain");
    const record = await finalStatus("doc_000000000000000000f3");
    expect(record).toMatchObject({ status: "FAILED", attempts: 1, error: { code: "TOO_LARGE", retryable: false } });
    expect(record.error.message).toContain("PARSE_HEAP_MB");
    const deep = "tenants/default/documents/doc_000000000000000000f4/deep.json";
    await h.putObject(deep, `${"[".repeat(100_000)}1${"]".repeat(100_000)}`, "application/json");
    expect(await finalStatus("doc_000000000000000000f4")).toMatchObject({
      status: "FAILED",
      error: { code: "TOO_LARGE", retryable: false },
    });
    const next = "tenants/default/documents/doc_000000000000000000f5/minutes.txt";
    await h.putObject(next, "The harbour board approved the dredging budget on Tuesday.", "text/plain");
    expect(await finalStatus("doc_000000000000000000f5")).toMatchObject({ status: "PROCESSED" });
    expect((await api("/health")).status).toBe(200);
  }, 120_000);

  it("moves a malformed message to the dead-letter queue and keeps working", async () => {
    await h.sendMessage("this is not an S3 event");
    const dead = await waitFor("a dead letter", async () => {
      const bodies = await h.receiveDeadLetters();
      return bodies.length > 0 ? bodies : undefined;
    });
    expect(dead).toContain("this is not an S3 event");
    expect((await api("/health")).status).toBe(200);
  });
});

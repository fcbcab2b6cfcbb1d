import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type RunningStandalone, startStandalone } from "@docworker/standalone";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const fixture = (name: string) =>
  readFileSync(new URL(`../../packages/parsing/test/fixtures/${name}`, import.meta.url));

let app: RunningStandalone;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "docworker-e2e-"));
  app = await startStandalone({
    port: 0,
    host: "127.0.0.1",
    env: { DOCWORKER_DATA_DIR: dataDir, LOG_LEVEL: "silent", EMBEDDINGS_PROVIDER: "hashing" },
  });
});

afterAll(async () => {
  await app?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function api<T>(path: string, init?: RequestInit): Promise<{ status: number; body: T }> {
  const response = await fetch(`${app.url}${path}`, {
    ...init,
    headers: init?.body ? { "content-type": "application/json" } : {},
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
}

async function upload(
  filename: string,
  bytes: Uint8Array,
  contentType: string,
  metadata?: Record<string, string>,
): Promise<string> {
  const created = await api<{
    documentId: string;
    upload: { url: string; method: string; headers: Record<string, string> };
  }>("/documents", {
    method: "POST",
    body: JSON.stringify({ filename, contentType, ...(metadata ? { metadata } : {}) }),
  });
  expect(created.status).toBe(201);
  const put = await fetch(created.body.upload.url, {
    method: "PUT",
    headers: created.body.upload.headers,
    body: new Uint8Array(bytes),
  });
  expect(put.status).toBe(200);
  return created.body.documentId;
}

async function waitForFinalStatus(documentId: string, timeoutMs = 20_000): Promise<Record<string, any>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { body } = await api<Record<string, any>>(`/documents/${documentId}`);
    if (["PROCESSED", "FAILED", "DELETED"].includes(body.status)) return body;
    if (Date.now() > deadline) throw new Error(`document ${documentId} still ${body.status}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("upload through a pre-signed URL, then search", () => {
  it("processes a PDF and finds it by a phrase with its page number", async () => {
    const documentId = await upload("layout-parser.pdf", fixture("layout-parser-paper-fast.pdf"), "application/pdf", {
      team: "research",
    });
    const record = await waitForFinalStatus(documentId);
    expect(record).toMatchObject({
      status: "PROCESSED",
      pages: 2,
      contentType: "application/pdf",
      extraction: { extractor: "rules" },
    });
    expect(record.chunkCount).toBeGreaterThan(1);
    expect(record.extraction.data.title).toContain("LayoutParser");

    for (const mode of ["keyword", "vector", "hybrid"]) {
      const { status, body } = await api<{ results: Record<string, any>[] }>("/search", {
        method: "POST",
        body: JSON.stringify({ query: "off-the-shelf toolkit for applying DL models", mode, k: 5 }),
      });
      expect(status).toBe(200);
      const top = body.results[0];
      expect(top, mode).toMatchObject({
        documentId,
        filename: "layout-parser.pdf",
        page: 2,
        metadata: { team: "research" },
      });
      expect(top?.snippet).toContain("<mark>toolkit</mark>");
    }
  });

  it("ends an encrypted PDF FAILED with ENCRYPTED and keeps serving", async () => {
    const documentId = await upload("password.pdf", fixture("password.pdf"), "application/pdf");
    const record = await waitForFinalStatus(documentId);
    expect(record).toMatchObject({ status: "FAILED", error: { code: "ENCRYPTED", retryable: false }, attempts: 1 });
    expect((await api("/health")).status).toBe(200);
  });

  it("deletes through the event path: no search hits, status DELETED", async () => {
    const documentId = await upload("cups.csv", fixture("stanley-cups.csv"), "text/csv");
    expect((await waitForFinalStatus(documentId)).status).toBe("PROCESSED");
    const query = {
      method: "POST",
      body: JSON.stringify({ query: "Stanley Cups", mode: "keyword", filters: { contentType: ["text/csv"] } }),
    };
    expect(
      (await api<{ results: { documentId: string }[] }>("/search", query)).body.results.map((r) => r.documentId),
    ).toContain(documentId);

    expect((await api(`/documents/${documentId}`, { method: "DELETE" })).status).toBe(202);
    const deleted = await waitForFinalStatus(documentId);
    expect(deleted.status).toBe("DELETED");
    expect(
      (await api<{ results: { documentId: string }[] }>("/search", query)).body.results.map((r) => r.documentId),
    ).not.toContain(documentId);
  });
});

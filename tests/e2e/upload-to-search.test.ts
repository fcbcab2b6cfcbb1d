import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { useStandalone } from "../support/standalone-client.ts";

const fixture = (name: string) =>
  readFileSync(new URL(`../../packages/parsing/test/fixtures/${name}`, import.meta.url));

const server = useStandalone("docworker-e2e-");
const { api, upload, settled } = server;
const waitForFinalStatus = (documentId: string, timeoutMs = 20_000, statuses?: string[]) =>
  settled(documentId, { timeoutMs, ...(statuses ? { statuses } : {}) });

describe("upload through a pre-signed URL, then search", () => {
  it("processes a PDF and finds it by a phrase with its page number", async () => {
    const documentId = await upload("layout-parser.pdf", fixture("layout-parser-paper-fast.pdf"), "application/pdf", {
      metadata: { team: "research" },
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
    // DELETE answers 202: the record reads PROCESSED until the worker has handled the delete event.
    const deleted = await waitForFinalStatus(documentId, 20_000, ["DELETED"]);
    expect(deleted.status).toBe("DELETED");
    expect(
      (await api<{ results: { documentId: string }[] }>("/search", query)).body.results.map((r) => r.documentId),
    ).not.toContain(documentId);
  });
});

describe("zip archives", () => {
  it("makes each file of an uploaded archive a document of its own, linked to the archive and searchable", async () => {
    const archiveId = await upload("simple.zip", fixture("simple.zip"), "application/zip", {
      metadata: { team: "hockey" },
    });
    const archive = await waitForFinalStatus(archiveId);
    expect(archive).toMatchObject({ status: "PROCESSED", contentType: "application/zip" });

    const search = (query: string) =>
      api<{ results: Record<string, any>[] }>("/search", {
        method: "POST",
        body: JSON.stringify({
          query,
          mode: "keyword",
          k: 10,
          filters: { metadata: { "archive-document-id": archiveId } },
        }),
      });
    const deadline = Date.now() + 20_000;
    let hits: Record<string, any>[] = [];
    while (Date.now() < deadline) {
      hits = (await search("Stanley Cups")).body.results;
      if (hits.length > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const member = hits.find((hit) => hit.filename === "stanley-cups.csv");
    expect(member?.metadata).toMatchObject({
      team: "hockey",
      "archive-document-id": archiveId,
      "archive-member-path": "stanley-cups.csv",
    });
    expect(member?.documentId).not.toBe(archiveId);
    const record = await waitForFinalStatus(member?.documentId);
    expect(record).toMatchObject({ status: "PROCESSED", filename: "stanley-cups.csv", contentType: "text/csv" });
    const html = (await search("ideas")).body.results.find((hit) => hit.filename === "ideas-page.html");
    expect(html?.documentId).toBeDefined();
  });
});

describe("what a reader of one document gets besides its record", () => {
  it("lists the chunks of a processed PDF with their pages, and returns the file as a sandboxed attachment", async () => {
    const bytes = fixture("layout-parser-paper-fast.pdf");
    const documentId = await upload("paper.pdf", bytes, "application/pdf");
    const record = await waitForFinalStatus(documentId);
    expect(record.status).toBe("PROCESSED");

    const chunks = await api<{ items: { ordinal: number; pageStart?: number; text: string }[] }>(
      `/documents/${documentId}/chunks`,
    );
    expect(chunks.status).toBe(200);
    expect(chunks.body.items).toHaveLength(record.chunkCount);
    expect(chunks.body.items.map((c) => c.ordinal)).toEqual(chunks.body.items.map((_, i) => i));
    expect(new Set(chunks.body.items.map((c) => c.pageStart))).toEqual(new Set([1, 2]));

    const content = await fetch(`${server.url}/documents/${documentId}/content`);
    expect(content.status).toBe(200);
    expect(content.headers.get("content-type")).toBe("application/pdf");
    expect(content.headers.get("content-disposition")).toBe('attachment; filename="paper.pdf"');
    expect(content.headers.get("content-security-policy")).toContain("sandbox");
    expect(Buffer.from(await content.arrayBuffer()).equals(bytes)).toBe(true);
  });

  it("answers 409 for the chunks of a document not processed yet, and for the file of one not uploaded; 404 for an unknown one", async () => {
    const created = await api<{ documentId: string }>("/documents", {
      method: "POST",
      body: JSON.stringify({ filename: "later.txt", contentType: "text/plain" }),
    });
    const pending = await api<{ code: string }>(`/documents/${created.body.documentId}/chunks`);
    expect(pending).toMatchObject({ status: 409, body: { code: "NOT_PROCESSED" } });
    const notUploaded = await api<{ code: string }>(`/documents/${created.body.documentId}/content`);
    expect(notUploaded).toMatchObject({ status: 409, body: { code: "NOT_UPLOADED" } });
    const unknown = await api<{ code: string }>("/documents/doc_0000000000000000/chunks");
    expect(unknown).toMatchObject({ status: 404, body: { code: "NOT_FOUND" } });
    expect((await fetch(`${server.url}/documents/doc_0000000000000000/content`)).status).toBe(404);
  });

  it("serves the extraction schema the records name", async () => {
    const schema = await api<{ id: string; schema: { properties: Record<string, unknown> } }>("/extraction-schema");
    expect(schema.status).toBe(200);
    expect(schema.body.id).toBe("generic-document/v1");
    expect(Object.keys(schema.body.schema.properties)).toContain("key_points");
  });
});

describe("upload URLs are single-use", () => {
  async function announce(filename: string) {
    const created = await api<{ documentId: string; upload: { url: string; headers: Record<string, string> } }>(
      "/documents",
      { method: "POST", body: JSON.stringify({ filename, contentType: "text/plain" }) },
    );
    expect(created.status).toBe(201);
    const put = (text: string) =>
      fetch(created.body.upload.url, { method: "PUT", headers: created.body.upload.headers, body: text });
    return { documentId: created.body.documentId, put };
  }

  it("refuses a replayed PUT with other bytes, closing the connection, and keeps the first upload", async () => {
    const { documentId, put } = await announce("replayed.txt");
    expect((await put("The first and only upload of the harbour notes.")).status).toBe(200);
    const replay = await put("Other bytes that must not replace the document.");
    expect(replay.status).toBe(412);
    expect(replay.headers.get("connection")).toBe("close");
    expect(((await replay.json()) as { code: string }).code).toBe("UPLOAD_USED");
    expect((await waitForFinalStatus(documentId)).status).toBe("PROCESSED");
    const found = await api<{ results: { documentId: string; text: string }[] }>("/search", {
      method: "POST",
      body: JSON.stringify({ query: "harbour notes", mode: "keyword" }),
    });
    expect(found.body.results.find((r) => r.documentId === documentId)?.text).toContain("first and only upload");
  });

  it("refuses an upload after the document was deleted: DELETED is final", async () => {
    const { documentId, put } = await announce("deleted-first.txt");
    expect((await api(`/documents/${documentId}`, { method: "DELETE" })).status).toBe(202);
    expect((await waitForFinalStatus(documentId, 20_000, ["DELETED"])).status).toBe("DELETED");
    expect((await put("Trying to bring a deleted document back.")).status).toBe(412);
    expect((await api<{ status: string }>(`/documents/${documentId}`)).body.status).toBe("DELETED");
  });
});

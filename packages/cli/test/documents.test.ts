import { readFileSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ApiDocument } from "../src/api-types.ts";
import { runCli } from "../src/cli.ts";
import { captureIo } from "./support/capture-io.ts";
import { type RealApi, settled, startRealApi, uploadDocument } from "./support/real-api.ts";

const fixture = (name: string) =>
  new Uint8Array(readFileSync(new URL(`../../parsing/test/fixtures/${name}`, import.meta.url)));

let api: RealApi;

beforeEach(async () => {
  api = await startRealApi();
});
afterEach(() => api.close());

/** Registers documents without uploading them, as an ingest does first: they stay PENDING. */
async function addDocuments(names: string[]): Promise<string[]> {
  const ids: string[] = [];
  for (const filename of names) {
    const response = await fetch(`${api.url}/documents`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ filename }),
    });
    ids.push(((await response.json()) as { documentId: string }).documentId);
  }
  return ids;
}

describe("status", () => {
  it("prints the record the API has: status, pages, chunks, usage, metadata and an extraction summary", async () => {
    const id = await uploadDocument(api, "memo.pdf", fixture("fake-memo.pdf"), {
      contentType: "application/pdf",
      metadata: { team: "finance" },
    });
    const record = (await settled(api, id)) as unknown as ApiDocument;
    expect(record.status).toBe("PROCESSED");
    const { io, stdout } = captureIo();
    expect(await runCli(["--api", api.url, "status", id], io)).toBe(0);
    const text = stdout.text;
    expect(text).toMatch(new RegExp(`^documentId +${id}$`, "m"));
    expect(text).toMatch(/^status +PROCESSED$/m);
    expect(text).toMatch(new RegExp(`^pages +${record.pages}$`, "m"));
    expect(text).toMatch(new RegExp(`^chunks +${record.chunkCount}$`, "m"));
    expect(text).toMatch(/^usage +input \d+ · output \d+ · embedding \d+ tokens/m);
    expect(text).toMatch(/^metadata +team=finance$/m);
    const extraction = record.extraction;
    expect(extraction).toBeDefined();
    const fields = Object.keys(extraction?.data ?? {}).length;
    expect(text).toContain(`extraction  ${extraction?.extractor} · schema ${extraction?.schemaId} · ${fields} fields`);
  });

  it("prints a FAILED document's reason code and message", async () => {
    const id = await uploadDocument(api, "locked.pdf", fixture("password.pdf"), { contentType: "application/pdf" });
    const record = (await settled(api, id)) as unknown as ApiDocument;
    expect(record.error?.code).toBe("ENCRYPTED");
    const { io, stdout } = captureIo();
    expect(await runCli(["--api", api.url, "status", id], io)).toBe(0);
    expect(stdout.text).toMatch(/^status +FAILED$/m);
    expect(stdout.text).toMatch(/^error +ENCRYPTED: /m);
    expect(stdout.text).toContain(`ENCRYPTED: ${record.error?.message}`);
  });

  it("prints the record as JSON with --json", async () => {
    const [id = ""] = await addDocuments(["a.txt"]);
    const { io, stdout } = captureIo();
    expect(await runCli(["--api", api.url, "status", id, "--json"], io)).toBe(0);
    expect(JSON.parse(stdout.text)).toMatchObject({ documentId: id, status: "PENDING", filename: "a.txt" });
  });

  it("turns a problem+json answer into `error: <code>: <detail>` and exit 1", async () => {
    const { io, stdout, stderr } = captureIo();
    const code = await runCli(["--api", api.url, "status", "doc_0000000000000000ff"], io);
    expect(code).toBe(1);
    expect(stdout.text).toBe("");
    expect(stderr.text).toBe("error: NOT_FOUND: document doc_0000000000000000ff was not found\n");
  });
});

describe("list", () => {
  it("follows nextCursor across pages up to --limit", async () => {
    await addDocuments(Array.from({ length: 130 }, (_, i) => `file-${String(i).padStart(3, "0")}.txt`));
    api.requests.length = 0;
    const { io, stdout, stderr } = captureIo();
    expect(await runCli(["--api", api.url, "list", "--limit", "120"], io)).toBe(0);
    const rows = stdout.text.trimEnd().split("\n");
    expect(rows[0]).toMatch(/^documentId\s+status\s+error\s+pages\s+chunks\s+updated\s+filename$/);
    expect(rows).toHaveLength(121);
    // Newest first; documents made in the same millisecond are in no particular order among themselves.
    expect(rows[1]).toMatch(/PENDING.*file-1[2-9]\d\.txt$/);
    expect(new Set(rows.slice(1).map((row) => row.split(/\s+/).at(-1))).size).toBe(120);
    const lists = api.requests.filter((r) => r.method === "GET" && r.path.startsWith("/documents?"));
    expect(lists.map((r) => new URL(r.path, api.url).searchParams.get("limit"))).toEqual(["100", "20"]);
    expect(new URL(lists[1]?.path ?? "", api.url).searchParams.get("cursor")).toBeTruthy();
    expect(stderr.text).toContain("more documents");
  });

  it("filters by --status and prints JSON with --json", async () => {
    const processed = await uploadDocument(api, "a.txt", "The harbour board met on Tuesday.");
    await addDocuments(["b.txt"]);
    await settled(api, processed);
    const { io, stdout } = captureIo();
    expect(await runCli(["--json", "--api", api.url, "list", "--status", "PROCESSED"], io)).toBe(0);
    const output = JSON.parse(stdout.text);
    expect(output.items.map((d: { documentId: string }) => d.documentId)).toEqual([processed]);
    expect(output.nextCursor).toBeUndefined();
    expect(api.requests.at(-1)?.path).toBe("/documents?status=PROCESSED&limit=20");
  });

  it("rejects a status that does not exist (exit 2)", async () => {
    const { io, stderr } = captureIo();
    expect(await runCli(["--api", api.url, "list", "--status", "DONE"], io)).toBe(2);
    expect(stderr.text).toContain("Allowed choices are PENDING, QUEUED, PROCESSING, PROCESSED, FAILED, DELETED");
  });
});

describe("delete", () => {
  it("answers 202 and says what happens next; a second delete is NOT_FOUND", async () => {
    const id = await uploadDocument(api, "a.txt", "The harbour board met on Tuesday.");
    await settled(api, id);
    const first = captureIo();
    expect(await runCli(["--api", api.url, "delete", id], first.io)).toBe(0);
    expect(first.stdout.text).toContain(`deleting ${id}`);
    expect((await settled(api, id)).status).toBe("DELETED");
    const second = captureIo();
    expect(await runCli(["--api", api.url, "delete", id], second.io)).toBe(1);
    expect(second.stderr.text).toBe(`error: NOT_FOUND: document ${id} was not found\n`);
  });
});

import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "../src/cli.ts";
import { captureIo } from "./support/capture-io.ts";
import { type StandInApi, startStandInApi } from "./support/stand-in-api.ts";

let api: StandInApi;

beforeEach(async () => {
  api = await startStandInApi();
});
afterEach(() => api.close());

/** Registers documents through the stand-in's own routes, as an ingest would. */
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
  it("prints the record: status, error, pages, chunks, usage and an extraction summary", async () => {
    const [id = ""] = await addDocuments(["report.pdf"]);
    const stored = api.documents.get(id);
    if (!stored) throw new Error("stand-in lost the document");
    stored.record = {
      ...stored.record,
      status: "FAILED",
      error: { code: "NO_TEXT_LAYER", message: "scanned pages", retryable: false },
      pages: 4,
      chunkCount: 0,
      size: 20_480,
      metadata: { team: "finance" },
      usage: { inputTokens: 10, outputTokens: 2, embeddingTokens: 0, estimatedCostUsd: 0.00012 },
      extraction: {
        extractor: "rules",
        schemaId: "generic-document",
        data: { title: "Q3", keywords: ["a", "b"], summary: { short: "x" } },
      },
    };
    const { io, stdout } = captureIo();
    expect(await runCli(["--api", api.url, "status", id], io)).toBe(0);
    const text = stdout.text;
    expect(text).toMatch(new RegExp(`^documentId +${id}$`, "m"));
    expect(text).toMatch(/^status +FAILED$/m);
    expect(text).toMatch(/^error +NO_TEXT_LAYER: scanned pages$/m);
    expect(text).toMatch(/^size +20 KiB$/m);
    expect(text).toMatch(/^pages +4$/m);
    expect(text).toMatch(/^chunks +0$/m);
    expect(text).toMatch(/^usage +input 10 · output 2 · embedding 0 tokens · ~\$0\.0001$/m);
    expect(text).toMatch(/^metadata +team=finance$/m);
    expect(text).toContain("extraction  rules · schema generic-document · 3 fields");
    expect(text).toMatch(/^ {2}keywords +\[2\] a; b$/m);
    expect(text).toMatch(/^ {2}summary +\{"short":"x"\}$/m);
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
    const { io, stdout, stderr } = captureIo();
    expect(await runCli(["--api", api.url, "list", "--limit", "120"], io)).toBe(0);
    const rows = stdout.text.trimEnd().split("\n");
    expect(rows[0]).toMatch(/^documentId\s+status\s+error\s+pages\s+chunks\s+updated\s+filename$/);
    expect(rows).toHaveLength(121);
    expect(rows[1]).toMatch(/PENDING.*file-129\.txt$/);
    const lists = api.requests.filter((r) => r.method === "GET" && r.path.startsWith("/documents?"));
    expect(lists.map((r) => new URL(r.path, api.url).searchParams.get("limit"))).toEqual(["100", "20"]);
    expect(new URL(lists[1]?.path ?? "", api.url).searchParams.get("cursor")).toBeTruthy();
    expect(stderr.text).toContain("more documents");
  });

  it("filters by --status and prints JSON with --json", async () => {
    const [first = ""] = await addDocuments(["a.txt", "b.txt"]);
    const stored = api.documents.get(first);
    if (stored) stored.record = { ...stored.record, status: "PROCESSED" };
    const { io, stdout } = captureIo();
    expect(await runCli(["--json", "--api", api.url, "list", "--status", "PROCESSED"], io)).toBe(0);
    const output = JSON.parse(stdout.text);
    expect(output.items.map((d: { documentId: string }) => d.documentId)).toEqual([first]);
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
    const [id = ""] = await addDocuments(["a.txt"]);
    const first = captureIo();
    expect(await runCli(["--api", api.url, "delete", id], first.io)).toBe(0);
    expect(first.stdout.text).toContain(`deleting ${id}`);
    expect(api.documents.get(id)?.record.status).toBe("DELETED");
    const second = captureIo();
    expect(await runCli(["--api", api.url, "delete", id], second.io)).toBe(1);
    expect(second.stderr.text).toBe(`error: NOT_FOUND: document ${id} was not found\n`);
  });
});

import { execFile } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { promisify, stripVTControlCharacters } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ApiDocument } from "../src/api-types.ts";
import { runCli } from "../src/cli.ts";
import { captureIo } from "./support/capture-io.ts";
import { makeTree } from "./support/files.ts";
import { type RealApi, startRealApi } from "./support/real-api.ts";

const MAIN = join(import.meta.dirname, "..", "src", "main.ts");
const run = promisify(execFile);
const fixture = (name: string) =>
  new Uint8Array(readFileSync(new URL(`../../parsing/test/fixtures/${name}`, import.meta.url)));
const MEMO = fixture("fake-memo.pdf");

let api: RealApi;
let dir: string;

beforeEach(async () => {
  api = await startRealApi();
  dir = makeTree({
    "a.txt": "alpha ".repeat(40),
    "notes/b.md": "# Beta\n\nsome notes",
    "notes/deep/c.pdf": MEMO,
    ".hidden.txt": "skip me",
    "notes/.git/config": "skip me too",
  });
});

afterEach(async () => {
  await api.close();
  rmSync(dir, { recursive: true, force: true });
});

/** What the API holds, as a reader sees it. */
async function documents(): Promise<ApiDocument[]> {
  const page = (await (await fetch(`${api.url}/documents?limit=100`)).json()) as { items: ApiDocument[] };
  return page.items;
}

describe("ingest --wait", () => {
  it("uploads a directory, follows every document to PROCESSED and prints a summary", async () => {
    const { io, stdout, stderr } = captureIo({ tty: true });
    const code = await runCli(
      ["--api", api.url, "ingest", dir, "--wait", "--poll-interval", "10ms", "--metadata", "team=finance"],
      io,
    );
    expect(stderr.text).not.toContain("error");
    expect(code).toBe(0);

    // hidden files and folders skipped; bytes, content type and metadata as announced
    const docs = await documents();
    expect(docs.map((d) => d.filename).sort()).toEqual(["a.txt", "b.md", "c.pdf"]);
    const pdf = docs.find((d) => d.filename === "c.pdf");
    const content = await fetch(`${api.url}/documents/${pdf?.documentId}/content`);
    expect(new Uint8Array(await content.arrayBuffer())).toEqual(MEMO);
    expect(pdf?.contentType).toBe("application/pdf");
    expect(docs.find((d) => d.filename === "b.md")?.contentType).toBe("text/markdown");
    expect(docs.every((d) => d.metadata.team === "finance")).toBe(true);
    expect(docs.every((d) => d.status === "PROCESSED")).toBe(true);

    // a single line rewritten in place, ending with the final counts
    expect(stderr.text).toContain("\r\x1b[2K");
    expect(stderr.text.trimEnd().split("\n").at(-1)).toMatch(/ingest 3\/3 uploaded 3 processed 3 failed 0$/);

    expect(stdout.text).toContain("\x1b[32mPROCESSED"); // a colour terminal gets colour
    const lines = stripVTControlCharacters(stdout.text).split("\n");
    expect(lines[0]).toMatch(/^file\s+documentId\s+status\s+error\s+chunks\s+pages$/);
    const pdfRow = lines.find((l) => l.includes("c.pdf"));
    expect(pdfRow).toContain(join(dir, "notes/deep/c.pdf"));
    expect(pdfRow).toMatch(new RegExp(`${pdf?.documentId}\\s+PROCESSED\\s+${pdf?.chunkCount}\\s+${pdf?.pages}$`));
    expect(lines).toContain("by status      PROCESSED 3");
    expect(stdout.text).not.toContain("by error code");
  });

  it("prints one plain progress line per event when stderr is not a terminal", async () => {
    const { io, stderr } = captureIo({ tty: false });
    const code = await runCli(["--api", api.url, "ingest", dir, "--wait", "--poll-interval", "10ms"], io);
    expect(code).toBe(0);
    expect(stderr.text).not.toContain("\r");
    const lines = stderr.text.trimEnd().split("\n");
    expect(lines[0]).toBe("ingesting 3 files");
    expect(lines.filter((l) => /^uploaded {2}\S+ {2}doc_/.test(l))).toHaveLength(3);
    expect(lines.filter((l) => /^\[\d\/3\] processed \S+ {2}doc_/.test(l))).toHaveLength(3);
    expect(lines.at(-1)).toMatch(/^\[3\/3\] processed /);
  });

  it("exits 1 when a document ends FAILED, and counts the error codes (real process)", async () => {
    const failing = makeTree({
      "good.txt": "fine text",
      "bad.pdf": fixture("password.pdf"),
      "worse.pdf": "%PDF-1.7 cut off here",
    });
    const result = await run(process.execPath, [MAIN, "ingest", failing, "--wait", "--poll-interval", "10ms"], {
      env: { ...process.env, DOCWORKER_API_URL: api.url, NO_COLOR: "1", XDG_CONFIG_HOME: failing },
    }).then(
      () => ({ code: 0, stdout: "", stderr: "" }),
      (error: { code: number; stdout: string; stderr: string }) => error,
    );
    rmSync(failing, { recursive: true, force: true });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/bad\.pdf\s+doc_\w+\s+FAILED\s+ENCRYPTED/);
    expect(result.stdout).toMatch(/worse\.pdf\s+doc_\w+\s+FAILED\s+CORRUPT/);
    expect(result.stdout).toMatch(/good\.txt\s+doc_\w+\s+PROCESSED/);
    expect(result.stdout).toMatch(/by status\s+FAILED 2, PROCESSED 1/);
    expect(result.stdout).toMatch(/by error code\s+CORRUPT 1, ENCRYPTED 1/);
    expect(result.stderr).toMatch(/failed\s+\S*bad\.pdf {2}doc_\w+ {2}ENCRYPTED: /);
  });

  it("gives up at --timeout and exits 1, reporting the last status seen", async () => {
    await api.close();
    api = await startRealApi({ worker: false });
    const { io, stdout } = captureIo();
    const code = await runCli(
      ["--api", api.url, "ingest", join(dir, "a.txt"), "--wait", "--timeout", "300ms", "--poll-interval", "20ms"],
      io,
    );
    expect(code).toBe(1);
    expect(stdout.text).toMatch(/a\.txt\s+doc_\w+\s+PENDING\s+WAIT_TIMEOUT/);
  });

  it("prints machine-readable results with --json", async () => {
    const { io, stdout } = captureIo();
    const code = await runCli(["--api", api.url, "--json", "ingest", dir, "--wait", "--poll-interval", "10ms"], io);
    expect(code).toBe(0);
    const output = JSON.parse(stdout.text);
    expect(output.ok).toBe(true);
    expect(output.counts).toEqual({ byStatus: { PROCESSED: 3 }, byErrorCode: {} });
    expect(output.results).toHaveLength(3);
    expect(output.results[0]).toMatchObject({ filename: "a.txt", status: "PROCESSED", chunkCount: 1 });
    expect(output.results[0].document.documentId).toBe(output.results[0].documentId);
  });
});

describe("ingest without --wait", () => {
  it("exits 0 once every upload is accepted, without polling", async () => {
    const { io, stdout, stderr } = captureIo();
    const code = await runCli(["--api", api.url, "ingest", dir, "--concurrency", "2"], io);
    expect(code).toBe(0);
    expect(api.requests.filter((r) => r.method === "GET")).toHaveLength(0);
    expect(api.requests.filter((r) => r.method === "PUT")).toHaveLength(3);
    expect((await documents()).map((d) => d.filename).sort()).toEqual(["a.txt", "b.md", "c.pdf"]);
    expect(stdout.text).toMatch(/by status\s+PENDING 3/);
    expect(stderr.text).toContain("processing continues in the background");
  });

  it("reports a rejected upload as UPLOAD_FAILED with its problem code and exits 1", async () => {
    await api.close();
    api = await startRealApi({ env: { MAX_DOCUMENT_BYTES: "100" } });
    const small = makeTree({ "a.txt": "alpha ".repeat(40), "b.md": "# Beta", "c.txt": "tiny" });
    const { io, stdout } = captureIo();
    const code = await runCli(["--api", api.url, "ingest", small], io);
    rmSync(small, { recursive: true, force: true });
    expect(code).toBe(1);
    expect(stdout.text).toMatch(/a\.txt\s+doc_\w+\s+UPLOAD_FAILED\s+TOO_LARGE/);
    expect(stdout.text).toMatch(/by status\s+PENDING 2, UPLOAD_FAILED 1/);
  });

  it("sends the bearer token to the API but never to the pre-signed upload URL", async () => {
    await api.close();
    api = await startRealApi({ token: "s3cret" });
    const { io } = captureIo({ env: { DOCWORKER_TOKEN: "s3cret" } });
    const code = await runCli(["--api", api.url, "ingest", join(dir, "a.txt")], io);
    expect(code).toBe(0);
    const [create, put, ...rest] = api.requests;
    expect(rest).toEqual([]);
    expect(create).toMatchObject({ method: "POST", path: "/documents", headers: { authorization: "Bearer s3cret" } });
    expect(put?.method).toBe("PUT");
    expect(put?.path.startsWith("/uploads/")).toBe(true);
    expect(put?.headers.authorization).toBeUndefined();
  });

  it("refuses a path that does not exist before uploading anything (exit 2)", async () => {
    const { io, stderr } = captureIo();
    const code = await runCli(["--api", api.url, "ingest", dir, join(dir, "missing.txt")], io);
    expect(code).toBe(2);
    expect(stderr.text).toContain(`error: no such file or directory: ${join(dir, "missing.txt")}`);
    expect(api.requests).toHaveLength(0);
  });
});
